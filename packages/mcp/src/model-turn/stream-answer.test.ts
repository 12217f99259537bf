import { describe, expect, it } from 'vitest';
import { createFileService } from '@exai/core';
import type { LanguageModelV1StreamPart } from '@exai/core';
import type { ToolContext } from '../tools/tool-context.js';
import { startProgressHeartbeat } from './progress-heartbeat.js';
import { streamAnswer } from './stream-answer.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingContext(): {
  context: ToolContext;
  updates: Array<{ progress: number; message?: string }>;
} {
  const updates: Array<{ progress: number; message?: string }> = [];
  const context: ToolContext = {
    runtime: undefined as never,
    tenantId: 'default',
    files: createFileService({ allowedRoots: [process.cwd()] }),
    signal: new AbortController().signal,
    log: () => {},
    reportProgress: async (update) => {
      updates.push(update);
    },
  };
  return { context, updates };
}

describe('streamAnswer', () => {
  it('reports progress on a timer while the model is silent, then on the first delta', async () => {
    async function* slow(): AsyncIterable<LanguageModelV1StreamPart> {
      await sleep(130);
      yield { type: 'reasoning-delta', delta: 'hmm '.repeat(10) };
      yield { type: 'text-delta', delta: 'Answer.' };
      yield {
        type: 'finish',
        finishReason: 'stop',
        usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
      };
    }
    const { context, updates } = recordingContext();
    const heartbeat = startProgressHeartbeat(context, {
      message: 'kimi:k waiting, 0 tokens',
      intervalInMs: 30,
    });
    const answer = await streamAnswer({ stream: slow(), spec: 'kimi:k', heartbeat });
    heartbeat.stop();
    expect(answer).toEqual({
      text: 'Answer.',
      firstTokenAt: expect.any(Number),
      usage: { inputTokens: 5, outputTokens: 2, totalTokens: 7 },
      finishReason: 'stop',
      reasoned: true,
    });
    const waiting = updates.filter((update) => update.message === 'kimi:k waiting, 0 tokens');
    expect(waiting.length).toBeGreaterThanOrEqual(2);
    expect(updates.at(-1)?.message).toBe('kimi:k thinking, 10 tokens');
    const values = updates.map((update) => update.progress);
    for (let index = 1; index < values.length; index += 1) {
      expect(values[index]).toBeGreaterThan(values[index - 1] ?? 0);
    }
  });

  it('throws the error part of a stream', async () => {
    async function* failing(): AsyncIterable<LanguageModelV1StreamPart> {
      yield { type: 'text-delta', delta: 'Par' };
      yield { type: 'error', error: new Error('upstream broke') };
    }
    const { context } = recordingContext();
    const heartbeat = startProgressHeartbeat(context, { message: 'kimi:k waiting, 0 tokens' });
    await expect(streamAnswer({ stream: failing(), spec: 'kimi:k', heartbeat })).rejects.toThrow(
      'upstream broke',
    );
  });
});
