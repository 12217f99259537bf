import { DEFAULT_TENANT_ID, StoreUnavailableError, type CommitTurnInput } from '@exai/core';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/index.js';
import { postgresMigrationDriver } from '../postgres/migrations/postgres-migration-driver.js';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { supabaseMigrations } from './migrations/index.js';
import { createSupabaseTestProject, type SupabaseTestProject } from './test-support/supabase-test-project.js';

const postgres = await probePostgres();

/** A consensus round: the question, two answers and a synthesis, one usage record per model. */
const round: CommitTurnInput = {
  tenantId: DEFAULT_TENANT_ID,
  thread: { id: 'round', create: {} },
  idempotencyKey: 'consensus:1',
  turns: [
    { role: 'user', content: 'Tabs or spaces?' },
    { role: 'assistant', content: '[kimi] tabs', model: 'kimi:k2' },
    { role: 'assistant', content: '[glm] spaces', model: 'glm:4.6' },
    { role: 'assistant', content: '[synthesis] both', model: 'kimi:k2' },
  ],
  usage: ['kimi:k2', 'glm:4.6', 'kimi:k2'].map((model) => ({
    model,
    inputTokens: 1,
    outputTokens: 2,
    latencyInMs: 3,
    status: 'ok' as const,
  })),
  audit: { actor: 'mcp', action: 'tool.consensus', target: 'round' },
};

describe.skipIf(!postgres.available)('Supabase: a consensus round on a schema without migration 7', () => {
  let project: SupabaseTestProject | undefined;

  afterEach(async () => {
    await project?.close();
    project = undefined;
  });

  it('says to apply migration 7 instead of refusing the turns, stores nothing, and stores the round once migrated', async () => {
    project = await createSupabaseTestProject();
    const driver = postgresMigrationDriver(project.testSchema.pool, project.testSchema.schema);
    await migrate(driver, supabaseMigrations, { direction: 'down', to: 6 });
    const store = project.createStore();

    const refused = await store.commitTurn(round).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(StoreUnavailableError.isInstance(refused)).toBe(true);
    expect((refused as StoreUnavailableError).isRetryable).toBe(false);
    expect((refused as Error).message).toContain('Apply migration 7 (commit-round)');
    expect((refused as Error).message).toContain('exai migrate up');
    expect(await store.getThread(DEFAULT_TENANT_ID, 'round')).toBeUndefined();
    expect((await store.listUsage(DEFAULT_TENANT_ID)).items).toEqual([]);

    // A chat turn still goes through migration 3's function.
    const turn = await store.commitTurn({
      ...round,
      turns: [round.turns[0], round.turns[1]],
      usage: undefined,
    });
    expect(turn.turns.map((stored) => stored.seq)).toEqual([1, 2]);

    await migrate(driver, supabaseMigrations, { direction: 'up' });
    const stored = await store.commitTurn({ ...round, idempotencyKey: 'consensus:2' });
    expect(stored.turns.map((turn) => turn.seq)).toEqual([3, 4, 5, 6]);
    expect((await store.listUsage(DEFAULT_TENANT_ID)).items).toHaveLength(3);
  });
});
