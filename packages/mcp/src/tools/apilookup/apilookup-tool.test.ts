import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selectTools } from '../../tool-catalogue/select-tools.js';
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

describe('apilookup', () => {
  it('returns search guidance for the assistant, without calling a model', async () => {
    const result = await harness.call('apilookup', { prompt: 'React useActionState', version: '19' });
    expect(result.isError).toBe(false);
    expect(upstream.requests).toHaveLength(0);
    const today = new Date().toISOString().slice(0, 10);
    expect(result.structured).toMatchObject({
      query: 'React useActionState',
      today,
      search_queries: expect.arrayContaining(['React useActionState 19 official documentation']),
      preferred_sources: expect.arrayContaining([expect.stringContaining('official documentation')]),
      checks: expect.arrayContaining([expect.stringContaining('Confirm 19 exists')]),
    });
    expect(result.text).toContain(`Today is ${today}`);
    expect(result.text).toContain('- search: React useActionState 19 official documentation');
  });

  it('asks for the latest version when none is given, and needs a prompt', async () => {
    const result = await harness.call('apilookup', { prompt: 'zod' });
    expect(result.structured.checks).toEqual(
      expect.arrayContaining([expect.stringContaining('latest stable version')]),
    );
    expect((await harness.call('apilookup', { prompt: '' })).isError).toBe(true);
  });

  it('is offered from the standard profile', () => {
    const names = (profile: 'lean' | 'standard') => selectTools({ profile }).tools.map((tool) => tool.name);
    expect(names('standard')).toContain('apilookup');
    expect(names('lean')).not.toContain('apilookup');
  });
});
