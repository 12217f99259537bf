import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { openMigrationTarget } from './open-migration-target.js';

describe('openMigrationTarget', () => {
  it('refuses to migrate through a transaction-mode pooler, before connecting', async () => {
    // Port 1 on 127.0.0.1: nothing listens, so this passes only if nothing is attempted.
    const error = await openMigrationTarget({
      kind: 'postgres',
      connectionString: 'postgres://postgres@127.0.0.1:1/exai',
      poolMode: 'transaction',
    }).catch((e: unknown) => e);
    expect(InvalidConfigError.isInstance(error)).toBe(true);
    expect((error as InvalidConfigError).source).toBe('EXAI_PG_POOL_MODE');
    expect((error as Error).message).toMatch(/session-level advisory lock/);
    expect((error as Error).message).toMatch(
      /run them against the direct connection \(or the session-mode pooler\), with EXAI_PG_POOL_MODE unset/,
    );
  });
});
