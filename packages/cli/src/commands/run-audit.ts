import type { AuditEventRecord, SessionStoreV1 } from '@exai/core';
import { describeStoreSpec } from '@exai/storage';
import { CliUsageError } from '../output/cli-error.js';
import { formatTable } from '../output/format-table.js';
import { formatTime } from '../output/format-time.js';
import { describeUnknownAuditAction, isRecordedAuditAction } from './audit-actions.js';
import type { CliContext } from './cli-context.js';
import { withExistingStore } from './with-store.js';

export interface AuditOptions {
  tenantId?: string;
  since?: Date;
  action?: string;
  limit: number;
  json: boolean;
}

/** A tenant's records newer than `since`, newest first, at most `limit`. */
async function tenantRecords(
  store: SessionStoreV1,
  tenantId: string,
  { since, action, limit }: AuditOptions,
): Promise<AuditEventRecord[]> {
  const records: AuditEventRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listAudit(tenantId, {
      limit: 500,
      ...(cursor !== undefined && { cursor }),
      ...(action !== undefined && { action }),
    });
    for (const record of page.items) {
      if (since !== undefined && record.at < since) return records;
      records.push(record);
      if (records.length >= limit) return records;
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
}

const number = (value: unknown) => (typeof value === 'number' ? value : undefined);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

function row(record: AuditEventRecord): string[] {
  const { detail } = record;
  const tokens = (number(detail.inputTokens) ?? 0) + (number(detail.outputTokens) ?? 0);
  const cost = number(detail.costInUsd);
  const latency = number(detail.latencyInMs);
  return [
    formatTime(record.at),
    record.tenantId,
    record.actor ?? '-',
    record.action,
    record.action === 'tool.call' ? (text(detail.tool) ?? '-') : (record.target ?? '-'),
    text(detail.outcome) === undefined
      ? '-'
      : `${text(detail.outcome)}${text(detail.errorCode) ? ` (${text(detail.errorCode)})` : ''}`,
    text(detail.model) ?? '-',
    detail.inputTokens === undefined ? '-' : String(tokens),
    cost === undefined ? '-' : `$${cost.toFixed(6)}`,
    latency === undefined ? '-' : `${latency} ms`,
    text(detail.correlationId) ?? '-',
  ];
}

/**
 * An `--action` no record matched is refused when exai never records it (a typo, most likely),
 * listing the actions it does record. Checked after reading, so an action a program recorded
 * itself is still found.
 */
async function refuseUnknownAction(action: string): Promise<void> {
  const { toolCatalogue } = await import('@exai/mcp');
  const toolNames = toolCatalogue.map((entry) => entry.name);
  if (!isRecordedAuditAction(action, toolNames)) {
    throw new CliUsageError(describeUnknownAuditAction(action, toolNames));
  }
}

/** `exai audit`: records of one tenant or all, newest first, as a table or JSON. */
export async function runAudit(context: CliContext, options: AuditOptions): Promise<void> {
  await withExistingStore(context, async (store, spec) => {
    const tenantIds =
      options.tenantId !== undefined
        ? [options.tenantId]
        : (await store.listTenants()).map((tenant) => tenant.id);
    const records = (await Promise.all(tenantIds.map((id) => tenantRecords(store, id, options))))
      .flat()
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .slice(0, options.limit);
    if (records.length === 0 && options.action !== undefined) await refuseUnknownAction(options.action);
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify(
          {
            store: describeStoreSpec(spec),
            records: records.map((record) => ({ ...record, at: record.at.toISOString() })),
          },
          null,
          2,
        )}\n`,
      );
      return;
    }
    if (records.length === 0) {
      context.stdout.write(
        `${describeStoreSpec(spec)}: no audit records${options.since ? ' in that time' : ''}\n`,
      );
      return;
    }
    const header = [
      'AT',
      'TENANT',
      'ACTOR',
      'ACTION',
      'TARGET',
      'OUTCOME',
      'MODEL',
      'TOKENS',
      'COST',
      'LATENCY',
      'REQUEST',
    ];
    context.stdout.write(`${formatTable([header, ...records.map(row)])}\n`);
  });
}
