import type { ApiKeyStore } from './api-key-store.js';

export interface ApiKeyUseRecorder {
  /** Notes that a key was used now; written with the next flush. */
  record(keyId: string): void;
  /** Writes what is pending. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Keeps API keys' `lastUsedAt` without a write per request: uses are collected in memory and
 * written in one batch every `flushIntervalInMs` (so at most once a minute per key by default),
 * and on close. A failed write is logged and dropped: `lastUsedAt` is informative only.
 */
export function createApiKeyUseRecorder({
  store,
  flushIntervalInMs = 60_000,
  now = () => new Date(),
  log = () => {},
}: {
  store: ApiKeyStore;
  flushIntervalInMs?: number;
  now?: () => Date;
  log?: (line: string) => void;
}): ApiKeyUseRecorder {
  let pending = new Set<string>();
  const mark = store.markApiKeysUsed?.bind(store);
  async function flush(): Promise<void> {
    if (pending.size === 0 || mark === undefined) return;
    const ids = [...pending];
    pending = new Set();
    try {
      await mark(ids, now());
    } catch (error) {
      log(`exai: recording the last use of ${ids.length} API key(s) failed: ${String(error)}`);
    }
  }
  const timer = setInterval(() => void flush(), flushIntervalInMs);
  timer.unref();
  return {
    record(keyId) {
      if (mark !== undefined) pending.add(keyId);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
