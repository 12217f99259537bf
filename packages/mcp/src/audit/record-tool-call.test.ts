import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { createMemorySessionStore } from '@exai/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToolHarness } from '../tools/tool-test-helpers.js';
import { auditAdminAction } from './audit-admin-action.js';
import { recordToolCall } from './record-tool-call.js';
import { createToolCallMeter } from './tool-call-meter.js';

const secret = 'sk-live-Q7rT2mX9vB4nL8pZ3kW6yH1cJ5dF0gS';
let upstream: FakeUpstream;
beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(() => upstream.close());

describe('the audit record of a tool call', () => {
  it('holds tenant, tool, model, outcome, latency, tokens, cost and correlation id, and only redacted arguments', async () => {
    const harness = await connectToolHarness(upstream);
    const prompt = `Please review this, my key is ${secret}\n${'const x = 1;\n'.repeat(30)}`;
    const result = await harness.call('chat', { prompt, model: 'kimi-k2', files: [] });
    expect(result.isError).toBe(false);
    const { items } = await harness.store.listAudit('default', { action: 'tool.call' });
    expect(items).toHaveLength(1);
    const { actor, target, detail } = items[0]!;
    expect(actor).toBe('local');
    expect(target).toBe('chat');
    expect(detail).toMatchObject({
      tool: 'chat',
      outcome: 'ok',
      model: expect.stringMatching(/^kimi:/),
      correlationId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      // The prompt is content: only its length is kept (the credential in it with it).
      arguments: { prompt: `[${prompt.length} characters]`, model: 'kimi-k2', files: [] },
    });
    expect(detail.inputTokens).toBeGreaterThan(0);
    expect(detail.outputTokens).toBeGreaterThan(0);
    expect(detail.costInUsd).toBeGreaterThan(0);
    expect(typeof detail.latencyInMs).toBe('number');
    expect(JSON.stringify(items)).not.toContain(secret);
    await harness.close();
  });

  it('keeps no text of a short prompt or system message, only their length', async () => {
    const harness = await connectToolHarness(upstream);
    const result = await harness.call('chat', {
      prompt: 'MODE:medium lim',
      system: 'Be terse.',
      model: 'kimi-k2',
      thinking: 'low',
      temperature: 0.3,
    });
    expect(result.isError).toBe(false);
    const { items } = await harness.store.listAudit('default', { action: 'tool.call' });
    expect(items[0]?.detail.arguments).toEqual({
      prompt: '[15 characters]',
      system: '[9 characters]',
      model: 'kimi-k2',
      thinking: 'low',
      temperature: 0.3,
    });
    expect(JSON.stringify(items)).not.toContain('MODE:medium');
    expect(JSON.stringify(items)).not.toContain('terse');
    await harness.close();
  });

  it('is written for a failing call too, with its error code', async () => {
    const harness = await connectToolHarness(upstream);
    const result = await harness.call('chat', { prompt: 'hi', model: 'no-such-model' });
    expect(result.isError).toBe(true);
    const { items } = await harness.store.listAudit('default', { action: 'tool.call' });
    expect(items).toMatchObject([
      { detail: { outcome: 'error', errorCode: expect.any(String), inputTokens: 0 } },
    ]);
    await harness.close();
  });

  it('names the key id as the actor, never the key', async () => {
    const store = createMemorySessionStore();
    const lines: string[] = [];
    await recordToolCall(
      { store, registry: undefined as never, version: 't', logger: (line) => lines.push(line) },
      {
        caller: { tenantId: 'acme', keyId: 'key_123' },
        tool: 'listmodels',
        arguments: { apiKey: secret },
        meter: createToolCallMeter(),
        outcome: 'ok',
        latencyInMs: 3,
        correlationId: 'req-1',
      },
    );
    const { items } = await store.listAudit('acme');
    expect(items).toMatchObject([
      {
        actor: 'key_123',
        detail: { keyId: 'key_123', correlationId: 'req-1', arguments: { apiKey: '[redacted]' } },
      },
    ]);
    expect(lines).toEqual([]);
  });
});

describe('auditAdminAction', () => {
  it('records an administrative action under the local tenant by default, with its detail redacted', async () => {
    const store = createMemorySessionStore();
    await auditAdminAction(store, { action: 'store.gc', detail: { threads: 3, files: 1 } });
    await auditAdminAction(store, {
      action: 'apikey.create',
      tenantId: 'acme',
      target: 'key_1',
      detail: { name: 'ci', key: secret },
    });
    expect((await store.listAudit('default')).items).toMatchObject([
      { action: 'store.gc', actor: 'cli', detail: { threads: 3, files: 1 } },
    ]);
    const [created] = (await store.listAudit('acme')).items;
    expect(created).toMatchObject({
      action: 'apikey.create',
      target: 'key_1',
      detail: { name: 'ci', key: '[redacted]' },
    });
  });
});
