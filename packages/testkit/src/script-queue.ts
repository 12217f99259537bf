import type { FakeRequestHandler, FakeResponseScript, RecordedRequest } from './fake-upstream-types.js';

interface QueuedScript {
  script: FakeResponseScript;
  remaining: number;
}

/** Whether a script's `match` accepts a request; no `match` accepts every request. */
export function scriptMatches(script: FakeResponseScript, request: RecordedRequest): boolean {
  const { path, method } = script.match ?? {};
  if (method !== undefined && method.toUpperCase() !== request.method.toUpperCase()) return false;
  if (path === undefined) return true;
  if (typeof path === 'string') return request.path.endsWith(path);
  path.lastIndex = 0;
  return path.test(request.path);
}

/**
 * Scripts in FIFO order: a request is served by the first queued script that matches it, which
 * then counts down its `times`. The handler answers when no queued script matches.
 */
export function createScriptQueue() {
  const queue: QueuedScript[] = [];
  let handler: FakeRequestHandler | undefined;

  return {
    get isIdle(): boolean {
      return queue.length === 0 && handler === undefined;
    },

    enqueue(scripts: FakeResponseScript[]): void {
      for (const script of scripts) {
        const { times = 1 } = script;
        if (!(times >= 1) || (!Number.isInteger(times) && times !== Infinity)) {
          throw new RangeError(`script times must be a positive integer or Infinity, got ${times}`);
        }
        queue.push({ script, remaining: times });
      }
    },

    handle(next: FakeRequestHandler): void {
      handler = next;
    },

    /** The script for this request, consuming one use of it; throws what the handler throws. */
    take(request: RecordedRequest): FakeResponseScript | undefined {
      const position = queue.findIndex((queued) => scriptMatches(queued.script, request));
      const queued = queue[position];
      if (queued !== undefined) {
        queued.remaining -= 1;
        if (queued.remaining <= 0) queue.splice(position, 1);
        return queued.script;
      }
      return handler?.(request);
    },

    clear(): void {
      queue.length = 0;
      handler = undefined;
    },
  };
}

export type ScriptQueue = ReturnType<typeof createScriptQueue>;
