import type pg from 'pg';
import type { PostgresPoolMode } from './postgres-executor-settings.js';

/** node-postgres reads `query_timeout` from a query's config too; its types list it only for clients. */
type TimedQueryConfig = pg.QueryConfig & { query_timeout: number };

/** How much longer than the server's timeout the client waits before giving up on a connection. */
const clientGraceInMs = 1000;

/** How the executor opens a transaction and sends a statement outside one, per pool mode. */
export interface StatementBounds {
  /** The statement that opens a transaction. */
  readonly begin: string;
  /** A statement on a connection the caller manages (it may be inside its own transaction). */
  send<R extends pg.QueryResultRow>(
    client: pg.ClientBase,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
  /** A statement on its own, bounded on the server so a timed-out write is never applied later. */
  standalone<R extends pg.QueryResultRow>(
    client: pg.ClientBase,
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<R>>;
}

/**
 * In `session` mode every connection carries `statement_timeout` from its startup options, so
 * nothing is added. In `transaction` mode no session setting survives the pooler: a transaction
 * sets the timeout itself (`SET LOCAL`, sent with `BEGIN` in one round trip), and so does a
 * standalone statement, which runs in a transaction of its own — the server cancels it at the
 * timeout and nothing commits, rather than a client giving up on a write the server may still
 * apply. The client's `query_timeout` (a second longer) only guards against a dead connection.
 */
export function statementBounds(poolMode: PostgresPoolMode, statementTimeoutInMs: number): StatementBounds {
  const timeoutInMs = Math.max(0, Math.round(statementTimeoutInMs));
  if (poolMode === 'session' || timeoutInMs === 0) {
    const send = <R extends pg.QueryResultRow>(client: pg.ClientBase, text: string, values?: unknown[]) =>
      client.query<R>(text, values);
    return { begin: 'begin', send, standalone: send };
  }
  const begin = `begin; set local statement_timeout = ${timeoutInMs}`;
  const send = <R extends pg.QueryResultRow>(client: pg.ClientBase, text: string, values?: unknown[]) => {
    const config: TimedQueryConfig = { text, values, query_timeout: timeoutInMs + clientGraceInMs };
    return client.query<R>(config);
  };
  return {
    begin,
    send,
    standalone: async <R extends pg.QueryResultRow>(
      client: pg.ClientBase,
      text: string,
      values?: unknown[],
    ) => {
      await client.query(begin);
      try {
        const result = await send<R>(client, text, values);
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      }
    },
  };
}
