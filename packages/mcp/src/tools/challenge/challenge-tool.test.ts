import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(async () => {
  upstream.reset();
  harness = await connectToolHarness(upstream);
});
afterEach(async () => {
  await harness.close();
});

describe('challenge', () => {
  it('wraps the statement in instructions to re-examine it, without calling a model', async () => {
    const result = await harness.call('challenge', { prompt: 'You are wrong, the map is sorted by key.' });
    expect(result.isError).toBe(false);
    expect(result.text).toMatch(/^CRITICAL REASSESSMENT — do not simply agree\./);
    expect(result.text).toContain('<statement>\nYou are wrong, the map is sorted by key.\n</statement>');
    expect(result.text).toContain('Do not open with agreement or an apology');
    expect(upstream.requests).toHaveLength(0);
    expect(await harness.store.listThreads('default')).toMatchObject({ items: [] });
  });

  it('is read-only and needs a statement', async () => {
    const { tools } = await harness.client.listTools();
    expect(tools.find((tool) => tool.name === 'challenge')?.annotations).toMatchObject({
      readOnlyHint: true,
      openWorldHint: false,
    });
    const empty = await harness.call('challenge', { prompt: '' });
    expect(empty.isError).toBe(true);
  });
});
