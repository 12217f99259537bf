import { StoreUnavailableError } from '@exai/core';
import type pg from 'pg';
import { describe, expect, it } from 'vitest';
import { createPostgresExecutor } from './postgres-executor.js';
import type { PostgresPoolMode, PostgresStoreEvent } from './postgres-executor-settings.js';

const target = { host: 'db.internal', port: 6543, database: 'app', address: 'db.internal:6543' };
const socketError = (code: string) => Object.assign(new Error(`read ${code}`), { code, syscall: 'read' });
const serverError = (code: string, message = 'server error') => Object.assign(new Error(message), { code });

/**
 * A pool whose connections answer each statement with `answer`, recording what happened (and the
 * client-side `query_timeout` of each statement sent with one).
 */
function fakePool(answer: (text: string, call: number) => unknown, connectFailures: unknown[] = []) {
  const log = {
    statements: [] as string[],
    queryTimeouts: [] as (number | undefined)[],
    released: [] as (boolean | undefined)[],
    connects: 0,
  };
  const pool = {
    async connect() {
      log.connects += 1;
      const failure = connectFailures.shift();
      if (failure !== undefined) throw failure;
      return {
        async query(statement: string | { text: string; query_timeout?: number }) {
          const text = typeof statement === 'string' ? statement : statement.text;
          log.statements.push(text);
          log.queryTimeouts.push(typeof statement === 'string' ? undefined : statement.query_timeout);
          const result = answer(text, log.statements.length);
          if (result instanceof Error) throw result;
          return result ?? { rows: [], rowCount: 0 };
        },
        release: (destroy?: boolean) => log.released.push(destroy),
        on: () => undefined,
        removeListener: () => undefined,
      };
    },
  };
  return { pool: pool as unknown as pg.Pool, log };
}

function executorFor(
  pool: pg.Pool,
  events: PostgresStoreEvent[] = [],
  poolMode: PostgresPoolMode = 'session',
) {
  return createPostgresExecutor({
    pool,
    target,
    statementTimeoutInMs: 1_000,
    poolMode,
    retry: { maxRetries: 2, baseDelayInMs: 1, maxDelayInMs: 1 },
    breaker: {
      errorThresholdPercentage: 50,
      volumeThreshold: 3,
      rollingWindowInMs: 10_000,
      resetTimeoutInMs: 60_000,
    },
    onEvent: (event) => events.push(event),
    random: () => 0,
  });
}

describe('createPostgresExecutor', () => {
  it('retries an idempotent statement whose connection broke, on a fresh connection', async () => {
    const { pool, log } = fakePool((_, call) =>
      call === 1 ? socketError('ECONNRESET') : { rows: [{ ok: 1 }] },
    );
    const events: PostgresStoreEvent[] = [];
    const executor = executorFor(pool, events);
    expect((await executor.query('select 1', [], { idempotent: true })).rows).toEqual([{ ok: 1 }]);
    expect(log.released).toEqual([true, undefined]);
    expect(events).toContainEqual(expect.objectContaining({ type: 'retry', attempt: 2 }));
    executor.shutdown();
  });

  it('stops retrying when the next wait would not end within the retry budget', async () => {
    const { pool, log } = fakePool(
      () => undefined,
      [socketError('ECONNREFUSED'), socketError('ECONNREFUSED')],
    );
    const events: PostgresStoreEvent[] = [];
    const executor = createPostgresExecutor({
      pool,
      target,
      statementTimeoutInMs: 1_000,
      retry: { maxRetries: 5, baseDelayInMs: 1_000, maxDelayInMs: 1_000, budgetInMs: 500 },
      onEvent: (event) => events.push(event),
      random: () => 1,
    });
    await expect(executor.query('select 1')).rejects.toSatisfy(StoreUnavailableError.isInstance);
    expect(log.connects).toBe(1);
    expect(events.filter((event) => event.type === 'retry')).toEqual([]);
    executor.shutdown();
  });

  it('does not repeat a write whose outcome is unknown, and says where the server is', async () => {
    const { pool, log } = fakePool(() => socketError('ECONNRESET'));
    const executor = executorFor(pool);
    const error = await executor.query('insert into t values (1)').catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /PostgreSQL at db\.internal:6543 \(database "app"\) is unavailable/,
    );
    expect(log.statements).toEqual(['insert into t values (1)']);
    executor.shutdown();
  });

  it('retries any call that could not connect, since nothing was sent', async () => {
    const { pool, log } = fakePool(
      () => ({ rows: [], rowCount: 1 }),
      [socketError('ECONNREFUSED'), serverError('53300')],
    );
    const executor = executorFor(pool);
    expect((await executor.query('insert into t values (1)')).rowCount).toBe(1);
    expect(log.connects).toBe(3);
    executor.shutdown();
  });

  it('runs a transaction again, whole, after a serialization failure', async () => {
    const { pool, log } = fakePool((text, call) => (call === 2 ? serverError('40001') : undefined));
    const executor = executorFor(pool);
    let runs = 0;
    const result = await executor.transaction(async (client) => {
      runs += 1;
      await client.query('update t set x = 1');
      return runs;
    });
    expect(result).toBe(2);
    expect(log.statements).toEqual([
      'begin',
      'update t set x = 1',
      'rollback',
      'begin',
      'update t set x = 1',
      'commit',
    ]);
    executor.shutdown();
  });

  it('retries a failed commit only when the work is idempotent', async () => {
    for (const idempotent of [false, true]) {
      let commits = 0;
      const { pool } = fakePool((text) =>
        text === 'commit' && ++commits === 1 ? socketError('EPIPE') : undefined,
      );
      const executor = executorFor(pool);
      const outcome = await executor.transaction(async () => 'done', { idempotent }).catch((e: unknown) => e);
      expect(idempotent ? outcome : StoreUnavailableError.isInstance(outcome)).toBe(
        idempotent ? 'done' : true,
      );
      executor.shutdown();
    }
  });

  it('passes constraint violations through unretried and keeps the connection', async () => {
    const duplicate = serverError('23505', 'duplicate key value violates unique constraint');
    const { pool, log } = fakePool(() => duplicate);
    const executor = executorFor(pool);
    await expect(executor.query('insert into t values (1)', [], { idempotent: true })).rejects.toBe(
      duplicate,
    );
    expect(log.released).toEqual([undefined]);
    expect(executor.circuitState).toBe('closed');
    executor.shutdown();
  });

  it('opens the circuit after repeated outages and then refuses without connecting', async () => {
    const { pool, log } = fakePool(
      () => undefined,
      Array.from({ length: 10 }, () => socketError('ECONNREFUSED')),
    );
    const executor = executorFor(pool);
    await expect(executor.query('select 1')).rejects.toSatisfy(StoreUnavailableError.isInstance);
    expect(executor.circuitState).toBe('open');
    const connects = log.connects;
    const refused = (await executor.query('select 1').catch((e: unknown) => e)) as Error;
    expect(refused.message).toMatch(/circuit is open/);
    expect(log.connects).toBe(connects);
    executor.shutdown();
  });

  it('sends nothing extra in session mode: the connections carry the timeout', async () => {
    const { pool, log } = fakePool(() => undefined);
    const executor = executorFor(pool);
    await executor.query('select 1');
    await executor.transaction((client) => client.query('update t set x = 1'));
    expect(log.statements).toEqual(['select 1', 'begin', 'update t set x = 1', 'commit']);
    expect(log.queryTimeouts).toEqual([undefined, undefined, undefined, undefined]);
    executor.shutdown();
  });

  it('in transaction mode, sets the timeout on the server for every statement of its own', async () => {
    const { pool, log } = fakePool(() => undefined);
    const executor = executorFor(pool, [], 'transaction');
    await executor.query('select 1');
    await executor.transaction((client) => client.query('update t set x = 1'));
    const reserved = await executor.reserve();
    await reserved.query('select 2');
    reserved.release();
    expect(log.statements).toEqual([
      'begin; set local statement_timeout = 1000',
      'select 1',
      'commit',
      'begin; set local statement_timeout = 1000',
      'update t set x = 1',
      'commit',
      'select 2',
    ]);
    // The client waits a second longer than the server, only to notice a dead connection.
    expect(log.queryTimeouts).toEqual([undefined, 2_000, undefined, undefined, undefined, undefined, 2_000]);
    executor.shutdown();
  });

  it('drops a connection the client stopped waiting on, and does not repeat the statement', async () => {
    const { pool, log } = fakePool(() => new Error('Query read timeout'));
    const executor = executorFor(pool, [], 'transaction');
    const error = await executor.query('select 1', [], { idempotent: true }).catch((e: unknown) => e);
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /did not answer a statement within the statement timeout \(1000 ms\)/,
    );
    expect(log.statements).toEqual(['begin; set local statement_timeout = 1000']);
    expect(log.released).toEqual([true]);
    expect(executor.circuitState).toBe('closed');
    executor.shutdown();
  });
});
