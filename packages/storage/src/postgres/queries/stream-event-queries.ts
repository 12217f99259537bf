import type { AppendStreamEventInput, StreamEventRecord, StreamReplay, TenantId } from '@exai/core';
import { withConstraintErrors } from './map-constraint-error.js';
import { optionalDate, type StoreContext } from './store-context.js';
import { createRecordId } from '@exai/core/internal';

export interface StreamEventRow {
  tenant_id: string;
  stream_id: string;
  event_id: string;
  message: Record<string, unknown>;
  created_at: Date;
  expires_at: Date | null;
}

export const streamEventColumns = 'tenant_id, stream_id, event_id, message, created_at, expires_at';

export function mapStreamEventRow(row: StreamEventRow): StreamEventRecord {
  return {
    tenantId: row.tenant_id,
    streamId: row.stream_id,
    eventId: row.event_id,
    message: row.message,
    createdAt: row.created_at,
    expiresAt: optionalDate(row.expires_at),
  };
}

/**
 * One statement: the insert, and (with a limit) the deletion of the stream's events older than
 * its newest `maxEventsPerStream - 1` existing ones, so the new event makes the limit.
 */
export async function appendStreamEvent(
  context: StoreContext,
  input: AppendStreamEventInput,
): Promise<StreamEventRecord> {
  const eventId = input.eventId ?? createRecordId();
  const constraints = {
    exists: { recordType: 'stream-event', recordId: eventId },
    parent: { recordType: 'tenant', recordId: input.tenantId },
  };
  const result = await withConstraintErrors(constraints, () =>
    context.executor.query<StreamEventRow>(
      `with inserted as (
         insert into stream_events (tenant_id, stream_id, event_id, message, created_at, expires_at)
         values ($1, $2, $3, $4, $5, $6)
         returning ${streamEventColumns}),
       trimmed as (
         delete from stream_events
          where $7::integer is not null and tenant_id = $1 and stream_id = $2 and seq <= (
            select seq from stream_events where tenant_id = $1 and stream_id = $2
             order by seq desc offset $7::integer - 1 limit 1))
       select * from inserted`,
      [
        input.tenantId,
        input.streamId,
        eventId,
        JSON.stringify(input.message),
        context.now(),
        input.expiresAt ?? null,
        input.maxEventsPerStream ?? null,
      ],
    ),
  );
  return mapStreamEventRow(result.rows[0]!);
}

export async function replayStreamEvents(
  context: StoreContext,
  tenantId: TenantId,
  afterEventId: string,
): Promise<StreamReplay | undefined> {
  const result = await context.executor.query<{ from_stream: string } & Partial<StreamEventRow>>(
    `select a.stream_id as from_stream, e.tenant_id, e.stream_id, e.event_id, e.message, e.created_at, e.expires_at
       from stream_events a
       left join stream_events e on e.tenant_id = a.tenant_id and e.stream_id = a.stream_id and e.seq > a.seq
      where a.tenant_id = $1 and a.event_id = $2
      order by e.seq`,
    [tenantId, afterEventId],
    { idempotent: true },
  );
  const first = result.rows[0];
  if (first === undefined) return undefined;
  const events = result.rows
    .filter((row) => row.event_id != null)
    .map((row) => mapStreamEventRow(row as StreamEventRow));
  return { streamId: first.from_stream, events };
}
