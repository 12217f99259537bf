import { RecordNotFoundError } from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { checkThread, threadGoneError } from '../../model-turn/load-thread.js';
import { withThreadLock } from '../../model-turn/thread-lock.js';
import { isStoreOutage, reportTurnNotSaved, type TurnNotSaved } from '../../model-turn/turn-not-saved.js';
import type { ToolContext } from '../tool-context.js';
import { createRecordId } from '@exai/core/internal';

/**
 * Stores an agent's exchange as one commit, as a model turn is stored: the prompt as the user turn
 * (with the files' paths), the answer as the assistant turn under `clink:<agent>`, a usage record
 * (latency; an agent reports no tokens) and an audit event `tool.clink`. Returns the thread id —
 * or, as for a model turn, when the store is unavailable (`isStoreOutage`), why the answer was not
 * saved (the answer is still returned).
 */
export async function storeClinkTurn(
  context: ToolContext,
  exchange: ClinkExchange,
): Promise<{ threadId: string; notSaved?: undefined } | { threadId: ''; notSaved: TurnNotSaved }> {
  try {
    return { threadId: await commitClinkTurn(context, exchange) };
  } catch (error) {
    if (!isStoreOutage(error, context.signal)) throw error;
    const notSaved = reportTurnNotSaved(context, {
      toolName: 'clink',
      answeredBy: `clink:${exchange.agent}`,
      continuationId: exchange.continuationId,
      error,
    });
    return { threadId: '', notSaved };
  }
}

interface ClinkExchange {
  continuationId: string | undefined;
  agent: string;
  prompt: string;
  answer: string;
  files: readonly string[];
  latencyInMs: number;
}

async function commitClinkTurn(
  context: ToolContext,
  { continuationId, agent, prompt, answer, files, latencyInMs }: ClinkExchange,
): Promise<string> {
  const { runtime, tenantId } = context;
  const { store } = runtime;
  await ensureTenant(store, tenantId);
  const threadId = continuationId ?? createRecordId();
  const model = `clink:${agent}`;
  const commit = () =>
    store.commitTurn({
      tenantId,
      thread: {
        id: threadId,
        ...(continuationId === undefined && {
          create: { title: prompt.slice(0, 80), metadata: { tool: 'clink' } },
        }),
      },
      idempotencyKey: `clink:${createRecordId()}`,
      expiresAt: new Date(Date.now() + (runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS)),
      turns: [
        { role: 'user', content: prompt, toolName: 'clink', metadata: files.length > 0 ? { files } : {} },
        { role: 'assistant', content: answer, toolName: 'clink', model, metadata: { agent } },
      ],
      usage: { model, inputTokens: 0, outputTokens: 0, latencyInMs, status: 'ok' },
      audit: { actor: 'mcp', action: 'tool.clink', target: threadId, detail: { agent, latencyInMs } },
    });
  if (continuationId === undefined) {
    await commit();
    return threadId;
  }
  try {
    await withThreadLock(tenantId, threadId, async () => {
      await checkThread(context, threadId, { toolName: 'clink' });
      await commit();
    });
  } catch (error) {
    if (RecordNotFoundError.isInstance(error)) throw threadGoneError(continuationId, 'clink');
    throw error;
  }
  return threadId;
}
