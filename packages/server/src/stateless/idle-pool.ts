/** Idle objects kept for reuse, at most `maxIdle` of them. */
export interface IdlePool<T> {
  /** An idle object, or `undefined` when none is left (the caller builds one). */
  take(): T | undefined;
  /** Keeps `item` for reuse; false when the pool is full (the caller disposes of it). */
  put(item: T): boolean;
  /** Empties the pool and returns what it held. */
  drain(): T[];
}

/**
 * Building an MCP server (every tool registered, a JSON Schema validator compiled) costs about a
 * millisecond — more than the rest of a small stateless request. A server whose request ended
 * cleanly is put back for reuse; one whose client went away mid-call is dropped, never reused.
 */
export function createIdlePool<T>({ maxIdle }: { maxIdle: number }): IdlePool<T> {
  const idle: T[] = [];
  return {
    take: () => idle.pop(),
    put(item) {
      if (idle.length >= maxIdle) return false;
      idle.push(item);
      return true;
    },
    drain: () => idle.splice(0),
  };
}
