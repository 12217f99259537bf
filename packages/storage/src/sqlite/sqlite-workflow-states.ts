import { RecordNotFoundError, type WorkflowStateRecord } from '@exai/core';

import { parseJson, toJson, toMs, type SqliteContext } from './sqlite-values.js';

export interface WorkflowStateRow {
  tenant_id: string;
  thread_id: string;
  state: string;
  updated_at: number;
}

export const selectWorkflowStatesSql = 'SELECT * FROM workflow_states ORDER BY tenant_id, thread_id';

export function toWorkflowStateRecord(row: WorkflowStateRow): WorkflowStateRecord {
  return {
    tenantId: row.tenant_id,
    threadId: row.thread_id,
    state: parseJson(row.state),
    updatedAt: new Date(row.updated_at),
  };
}

export function createWorkflowStateQueries({ db, now }: SqliteContext) {
  const insertSql = `INSERT INTO workflow_states (tenant_id, thread_id, state, updated_at)
     VALUES (@tenant_id, @thread_id, @state, @updated_at)`;
  const upsert = db.prepare<[WorkflowStateRow]>(
    `${insertSql} ON CONFLICT (tenant_id, thread_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at`,
  );
  const insertIgnoring = db.prepare<[WorkflowStateRow]>(`${insertSql} ON CONFLICT DO NOTHING`);
  const get = db.prepare<[string, string], WorkflowStateRow>(
    'SELECT * FROM workflow_states WHERE tenant_id = ? AND thread_id = ?',
  );
  const threadExists = db
    .prepare<[string, string], number>('SELECT 1 FROM threads WHERE tenant_id = ? AND id = ?')
    .pluck();

  const toRow = (record: WorkflowStateRecord): WorkflowStateRow => ({
    tenant_id: record.tenantId,
    thread_id: record.threadId,
    state: toJson(record.state, {}),
    updated_at: toMs(record.updatedAt, 'updatedAt'),
  });

  return {
    get(tenantId: string, threadId: string): WorkflowStateRecord | undefined {
      const row = get.get(tenantId, threadId);
      return row === undefined ? undefined : toWorkflowStateRecord(row);
    },
    put: db.transaction(
      (tenantId: string, threadId: string, state: Record<string, unknown>): WorkflowStateRecord => {
        const record: WorkflowStateRecord = {
          tenantId: tenantId,
          threadId: threadId,
          state: state,
          updatedAt: now(),
        };
        if (threadExists.get(tenantId, threadId) === undefined) {
          throw new RecordNotFoundError({ recordType: 'thread', recordId: threadId });
        }
        upsert.run(toRow(record));
        return record;
      },
    ).immediate,
    /** Inserts unless the thread has a state; returns whether it did. */
    insertRecord: (record: WorkflowStateRecord): boolean => insertIgnoring.run(toRow(record)).changes > 0,
  };
}
