import {
  RecordExistsError,
  RecordNotFoundError,
  type AppendStreamEventInput,
  type StreamEventRecord,
  type StreamReplay,
} from '@exai/core';

import type { TenantQueries } from './sqlite-tenants.js';
import { fromOptionalMs, parseJson, toMs, toOptionalMs, type SqliteContext } from './sqlite-values.js';
import { createRecordId } from '@exai/core/internal';

export interface StreamEventRow {
  seq?: number;
  tenant_id: string;
  stream_id: string;
  event_id: string;
  message: string;
  created_at: number;
  expires_at: number | null;
}

/** In append order, so an import appends a stream's events in the order they were written. */
export const selectStreamEventsSql = 'SELECT * FROM stream_events ORDER BY seq';

export function toStreamEventRecord(row: StreamEventRow): StreamEventRecord {
  return {
    tenantId: row.tenant_id,
    streamId: row.stream_id,
    eventId: row.event_id,
    message: parseJson(row.message),
    createdAt: new Date(row.created_at),
    expiresAt: fromOptionalMs(row.expires_at),
  };
}

export function createStreamEventQueries({ db, now }: SqliteContext, tenants: TenantQueries) {
  const insert = db.prepare<[StreamEventRow]>(
    `INSERT INTO stream_events (tenant_id, stream_id, event_id, message, created_at, expires_at)
     VALUES (@tenant_id, @stream_id, @event_id, @message, @created_at, @expires_at)
     ON CONFLICT DO NOTHING`,
  );
  /** Deletes the stream's events older than its newest `keep`. */
  const trim = db.prepare<[{ tenantId: string; streamId: string; keep: number }]>(
    `DELETE FROM stream_events WHERE tenant_id = @tenantId AND stream_id = @streamId AND seq <= (
       SELECT seq FROM stream_events WHERE tenant_id = @tenantId AND stream_id = @streamId
       ORDER BY seq DESC LIMIT 1 OFFSET @keep)`,
  );
  const find = db.prepare<[string, string], { seq: number; stream_id: string }>(
    'SELECT seq, stream_id FROM stream_events WHERE tenant_id = ? AND event_id = ?',
  );
  const after = db.prepare<[string, string, number], StreamEventRow>(
    'SELECT * FROM stream_events WHERE tenant_id = ? AND stream_id = ? AND seq > ? ORDER BY seq',
  );

  const insertRecord = (record: StreamEventRecord): boolean =>
    insert.run({
      tenant_id: record.tenantId,
      stream_id: record.streamId,
      event_id: record.eventId,
      message: JSON.stringify(record.message),
      created_at: toMs(record.createdAt, 'createdAt'),
      expires_at: toOptionalMs(record.expiresAt, 'expiresAt'),
    }).changes > 0;

  return {
    append: db.transaction((input: AppendStreamEventInput): StreamEventRecord => {
      const record: StreamEventRecord = {
        tenantId: input.tenantId,
        streamId: input.streamId,
        eventId: input.eventId ?? createRecordId(),
        message: input.message,
        createdAt: now(),
        expiresAt: input.expiresAt,
      };
      if (!tenants.exists(record.tenantId)) {
        throw new RecordNotFoundError({ recordType: 'tenant', recordId: record.tenantId });
      }
      if (!insertRecord(record)) {
        throw new RecordExistsError({ recordType: 'stream-event', recordId: record.eventId });
      }
      if (input.maxEventsPerStream !== undefined) {
        trim.run({ tenantId: input.tenantId, streamId: input.streamId, keep: input.maxEventsPerStream });
      }
      return record;
    }).immediate,
    replay(tenantId: string, afterEventId: string): StreamReplay | undefined {
      const found = find.get(tenantId, afterEventId);
      if (found === undefined) return undefined;
      const events = after.all(tenantId, found.stream_id, found.seq).map(toStreamEventRecord);
      return { streamId: found.stream_id, events };
    },
    insertRecord,
  };
}
