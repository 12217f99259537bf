import { describe, expect, it } from 'vitest';
import { createMemoryCancelRegistry } from './memory-cancel-registry.js';

const key = { tenantId: 't1', clientId: 'c1', requestId: 3 };

describe('createMemoryCancelRegistry', () => {
  it('delivers a cancel to the watcher of the same tenant, client and request id only', async () => {
    const registry = createMemoryCancelRegistry();
    const reasons: string[] = [];
    registry.watch(key, (reason) => reasons.push(`a:${reason}`));
    registry.watch({ ...key, requestId: '3' }, (reason) => reasons.push(`string id:${reason}`));
    registry.watch({ ...key, clientId: 'c2' }, (reason) => reasons.push(`other client:${reason}`));
    registry.watch({ ...key, tenantId: 't2' }, (reason) => reasons.push(`other tenant:${reason}`));
    await registry.cancel(key, 'stop');
    await registry.cancel(key, 'again');
    expect(reasons).toEqual(['a:stop']);
  });

  it('fires at once for a cancel that arrived before its request, and forgets it after', () => {
    const registry = createMemoryCancelRegistry({ rememberForInMs: 60_000 });
    expect(registry.deliver(key, 'early')).toBe(false);
    const reasons: string[] = [];
    registry.watch(key, (reason) => reasons.push(reason));
    registry.watch(key, (reason) => reasons.push(`second:${reason}`));
    expect(reasons).toEqual(['early']);
    expect(registry.watchedCount()).toBe(1);
  });

  it('stops delivering once unwatched, and bounds what it remembers', () => {
    const registry = createMemoryCancelRegistry({ maxRemembered: 2 });
    const reasons: string[] = [];
    const unwatch = registry.watch(key, (reason) => reasons.push(reason));
    unwatch();
    expect(registry.watchedCount()).toBe(0);
    for (const requestId of [10, 11, 12]) registry.deliver({ ...key, requestId }, `r${requestId}`);
    registry.watch({ ...key, requestId: 10 }, (reason) => reasons.push(reason));
    registry.watch({ ...key, requestId: 12 }, (reason) => reasons.push(reason));
    expect(reasons).toEqual(['r12']);
  });
});
