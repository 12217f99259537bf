import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { streamSecondOpinion } from './second-opinion.js';

let kimiUpstream: FakeUpstream;
let glmUpstream: FakeUpstream;
const saved = { ...process.env };

beforeEach(async () => {
  kimiUpstream = await createFakeUpstream({ defaultReply: { text: 'Kimi says no.' } });
  glmUpstream = await createFakeUpstream({ defaultReply: { text: 'GLM says no.' } });
  Object.assign(process.env, {
    KIMI_API_KEY: 'test',
    KIMI_BASE_URL: `${kimiUpstream.url}/v1`,
    GLM_API_KEY: 'test',
    GLM_BASE_URL: `${glmUpstream.url}/api/paas/v4`,
  });
});
afterEach(async () => {
  process.env = { ...saved };
  await Promise.all([kimiUpstream.close(), glmUpstream.close()]);
});

it('streams the Kimi answer', async () => {
  let text = '';
  const summary = await streamSecondOpinion({ question: 'Safe?', write: (t) => (text += t) });
  expect(text).toBe('Kimi says no.');
  expect(summary.answeredBy).toBe('kimi:kimi-k2-0905-preview');
  expect(glmUpstream.requests).toHaveLength(0);
});

it('falls back to GLM when Kimi is down', async () => {
  kimiUpstream.enqueue({ status: 503, times: Infinity });
  let text = '';
  const summary = await streamSecondOpinion({ question: 'Safe?', write: (t) => (text += t) });
  expect(text).toBe('GLM says no.');
  expect(summary.answeredBy).toBe('glm:glm-4.6');
  expect(summary.fellBackFrom).toEqual(['kimi:kimi-k2-0905-preview (upstream_unavailable)']);
});
