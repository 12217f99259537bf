import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionStoreV1 } from '@exai/core';

/** One write the store acknowledged: a new thread, or a turn appended to one. */
export interface AcknowledgedWrite {
  threadId: string;
  /** 0 for the thread itself, else the turn's `seq`. */
  seq: number;
  acknowledgedAt: number;
}

export interface WriteLoad {
  readonly writes: AcknowledgedWrite[];
  /** Writes that failed (the store was gone); the client saw the error, so none is counted lost. */
  readonly failures: number;
  /** Stops the load and resolves when the write under way has settled. */
  stop(): Promise<void>;
}

/**
 * A steady write load through the store API, as a busy server makes: `writesPerSecond` writes on a
 * fixed rhythm, each a new thread (one in `turnsPerThread + 1`) or a turn appended to the newest.
 */
export function startWriteLoad({
  store,
  writesPerSecond,
  turnsPerThread = 4,
  tenantId = 'default',
}: {
  store: SessionStoreV1;
  writesPerSecond: number;
  turnsPerThread?: number;
  tenantId?: string;
}): WriteLoad {
  const writes: AcknowledgedWrite[] = [];
  let failures = 0;
  let stopped = false;
  const period = 1000 / writesPerSecond;
  const run = (async () => {
    let threadId: string | undefined;
    let turns = 0;
    let next = Date.now();
    for (let count = 0; !stopped; count++) {
      try {
        if (threadId === undefined || turns === turnsPerThread) {
          const thread = await store.createThread({ tenantId, title: `drill thread ${count}` });
          threadId = thread.id;
          turns = 0;
          writes.push({ threadId, seq: 0, acknowledgedAt: Date.now() });
        } else {
          const { turn } = await store.appendTurn({
            tenantId,
            threadId,
            role: turns % 2 === 0 ? 'user' : 'assistant',
            content: `drill turn ${count}: ${'lorem ipsum '.repeat(20)}`,
            idempotencyKey: `drill-${count}`,
          });
          turns += 1;
          writes.push({ threadId, seq: turn.seq, acknowledgedAt: Date.now() });
        }
      } catch {
        failures += 1;
        threadId = undefined;
      }
      next += period;
      await sleep(Math.max(0, next - Date.now()));
    }
  })();
  return {
    writes,
    get failures() {
      return failures;
    },
    async stop() {
      stopped = true;
      await run;
    },
  };
}
