import { estimateTokens } from '../../model-turn/build-conversation.js';
import type { FileOmission } from '../../model-turn/embed-files.js';
import type { ExtractedFile } from './upload-once.js';

/** The extracted texts as `<file>` blocks, in order, as many as fit in `budgetInTokens`. */
export function fileBlocks(
  extracted: readonly ExtractedFile[],
  budgetInTokens: number,
): { text: string; omitted: FileOmission[] } {
  const blocks: string[] = [];
  const omitted: FileOmission[] = [];
  let tokens = 0;
  for (const file of extracted) {
    const block = `<file path="${file.path}">\n${file.content}\n</file>`;
    const cost = estimateTokens(block);
    if (tokens + cost > budgetInTokens) {
      omitted.push({ path: file.path, reason: 'left out to fit the model’s context window' });
      continue;
    }
    tokens += cost;
    blocks.push(block);
  }
  return { text: blocks.join('\n\n'), omitted };
}
