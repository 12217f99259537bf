import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UsageRecord } from '@exai/core';
import { connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import type { ClinkAgentSettings } from './clink-settings.js';

/** An agent that runs `script` with Node; the prompt arrives as its last argument. */
const node = (script: string, extra: Partial<ClinkAgentSettings> = {}): Partial<ClinkAgentSettings> => ({
  command: process.execPath,
  args: ['-e', script],
  ...extra,
});

const agents = {
  answers: node('console.log("an answer")'),
  fails: node('process.stderr.write("boom"); process.exit(3)'),
  slow: node('setInterval(() => {}, 1000)', { timeoutInSeconds: 1 }),
  garbled: node('console.log("not json")', { parser: 'json' }),
  hangs: node('setInterval(() => {}, 1000)'),
  missing: { command: 'exai-no-such-agent-cli' },
};

let upstream: FakeUpstream;
let harness: ToolHarness;

beforeAll(async () => {
  // No model is asked; the harness wants an upstream for its providers.
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());
afterEach(() => harness.close());

async function connect(): Promise<ToolHarness> {
  harness = await connectToolHarness(upstream, { runtime: { clink: { agents } } });
  return harness;
}

async function usage(): Promise<UsageRecord[]> {
  return (await harness.store.listUsage('default')).items;
}

describe('the usage record of a clink call', () => {
  it('is one ok record for an answer, as before', async () => {
    const { call } = await connect();
    const result = await call('clink', { agent: 'answers', prompt: 'hello' });
    expect(result.isError).toBe(false);
    expect(await usage()).toEqual([
      expect.objectContaining({
        model: 'clink:answers',
        status: 'ok',
        threadId: result.structured.continuation_id,
      }),
    ]);
  });

  it('is one error record, with the error code and the time it ran, for an agent that ran and failed', async () => {
    const { call } = await connect();
    const first = await call('clink', { agent: 'answers', prompt: 'hello' });
    const thread = String(first.structured.continuation_id);
    for (const [agent, code] of [
      ['fails', 'clink_agent_failed'],
      ['slow', 'clink_timeout'],
      ['garbled', 'clink_bad_output'],
    ] as const) {
      const result = await call('clink', { agent, prompt: 'hello', continuation_id: thread });
      expect(result.isError, agent).toBe(true);
      expect(result.text, agent).toMatch(new RegExp(`^${code}: `));
    }
    const failed = (await usage()).filter((record) => record.status === 'error');
    expect(failed.map(({ model, errorCode }) => [model, errorCode]).sort()).toEqual([
      ['clink:fails', 'clink_agent_failed'],
      ['clink:garbled', 'clink_bad_output'],
      ['clink:slow', 'clink_timeout'],
    ]);
    for (const record of failed) {
      expect(record).toMatchObject({ threadId: thread, inputTokens: 0, outputTokens: 0 });
    }
    expect(failed.find((record) => record.model === 'clink:slow')?.latencyInMs).toBeGreaterThanOrEqual(1_000);
  });

  it('is an error record with errorCode cancelled for a call its client cancelled', async () => {
    const { client } = await connect();
    const controller = new AbortController();
    const call = client.callTool(
      { name: 'clink', arguments: { agent: 'hangs', prompt: 'hello' } },
      undefined,
      {
        signal: controller.signal,
      },
    );
    setTimeout(() => controller.abort(), 500);
    await expect(call).rejects.toThrow();
    await expect
      .poll(usage, { timeout: 5_000 })
      .toEqual([expect.objectContaining({ model: 'clink:hangs', status: 'error', errorCode: 'cancelled' })]);
  });

  it('is nothing for a call refused before an agent ran: unknown agent, or one that cannot be started', async () => {
    const { call } = await connect();
    expect((await call('clink', { agent: 'nobody', prompt: 'hello' })).isError).toBe(true);
    const missing = await call('clink', { agent: 'missing', prompt: 'hello' });
    expect(missing.text).toMatch(/^clink_command_not_found: /);
    expect(await usage()).toEqual([]);
  });
});
