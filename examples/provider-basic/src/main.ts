// Usage: KIMI_API_KEY=… GLM_API_KEY=… npm start -w @exai/example-provider-basic -- "your question"
import { streamSecondOpinion } from './second-opinion.js';

const question = process.argv.slice(2).join(' ') || 'Is a retry loop around a non-idempotent POST safe?';
const controller = new AbortController();
process.once('SIGINT', () => controller.abort());

const summary = await streamSecondOpinion({
  question,
  write: (text) => process.stdout.write(text),
  abortSignal: controller.signal,
});
process.stdout.write('\n');
console.error(
  `answered by ${summary.answeredBy}` +
    (summary.fellBackFrom.length > 0 ? ` after ${summary.fellBackFrom.join(', ')} failed` : ''),
);
