import { InvalidArgumentError, type StoreRecord, type StoreRecordType } from '@exai/core';

import {
  optionalId,
  optionalNonNegativeNumber,
  optionalString,
  optionalStringArray,
  requireDate,
  requireId,
  requireInteger,
  requireJsonObject,
  requireRole,
  requireString,
  requireUsageStatus,
} from './sqlite-validation.js';

const recordTypes: readonly StoreRecordType[] = [
  'tenant',
  'api-key',
  'thread',
  'turn',
  'workflow-state',
  'file',
  'usage',
  'audit',
];

/** A Date, or the ISO string or epoch milliseconds a backup file may hold. */
function date(argument: string, value: unknown): Date {
  return requireDate(
    argument,
    typeof value === 'string' || typeof value === 'number' ? new Date(value) : value,
  );
}

function optionalDate(argument: string, value: unknown): Date | undefined {
  return value === undefined || value === null ? undefined : date(argument, value);
}

/** `null` (as JSON holds it) reads as absent. */
const absent = (value: unknown): unknown => value ?? undefined;

/**
 * A validated copy of an imported record with exactly the contract's fields, so a backup read
 * from a file cannot put malformed rows in the store.
 */
export function normalizeStoreRecord(entry: unknown): StoreRecord {
  const { type, record } = (entry ?? {}) as { type?: unknown; record?: unknown };
  if (!recordTypes.includes(type as StoreRecordType)) {
    throw new InvalidArgumentError({
      argument: 'records',
      message: `Unknown record type ${JSON.stringify(type)}; expected one of ${recordTypes.join(', ')}.`,
    });
  }
  if (record === null || typeof record !== 'object') {
    throw new InvalidArgumentError({
      argument: 'records',
      message: `Every imported entry needs a \`record\` object; the ${String(type)} entry has none.`,
    });
  }
  const r = record as Record<string, unknown>;
  const nonNegative = (name: string) => requireInteger(`record.${name}`, r[name], 0);
  const text = (name: string) => requireString(`record.${name}`, r[name]);
  const id = (name: string) => requireId(`record.${name}`, r[name]);
  const optionalText = (name: string) => optionalString(`record.${name}`, absent(r[name]));
  const json = (name: string) => requireJsonObject(`record.${name}`, r[name]);
  const at = (name: string) => date(`record.${name}`, r[name]);
  const optionalAt = (name: string) => optionalDate(`record.${name}`, r[name]);

  switch (type as StoreRecordType) {
    case 'tenant':
      return {
        type: 'tenant',
        record: {
          id: id('id'),
          name: text('name'),
          createdAt: at('createdAt'),
          disabled: r.disabled === true,
          settings: json('settings'),
        },
      };
    case 'api-key':
      return {
        type: 'api-key',
        record: {
          id: id('id'),
          tenantId: id('tenantId'),
          name: text('name'),
          prefix: text('prefix'),
          hash: id('hash'),
          createdAt: at('createdAt'),
          revokedAt: optionalAt('revokedAt'),
          lastUsedAt: optionalAt('lastUsedAt'),
        },
      };
    case 'thread':
      return {
        type: 'thread',
        record: {
          tenantId: id('tenantId'),
          id: id('id'),
          title: optionalText('title'),
          createdAt: at('createdAt'),
          updatedAt: at('updatedAt'),
          expiresAt: optionalAt('expiresAt'),
          turnCount: nonNegative('turnCount'),
          metadata: json('metadata'),
        },
      };
    case 'turn':
      return {
        type: 'turn',
        record: {
          tenantId: id('tenantId'),
          threadId: id('threadId'),
          seq: requireInteger('record.seq', r.seq, 1),
          role: requireRole(r.role),
          content: text('content'),
          toolName: optionalText('toolName'),
          model: optionalText('model'),
          files: optionalStringArray('record.files', r.files),
          idempotencyKey: optionalId('record.idempotencyKey', absent(r.idempotencyKey)),
          createdAt: at('createdAt'),
          metadata: json('metadata'),
        },
      };
    case 'workflow-state':
      return {
        type: 'workflow-state',
        record: {
          tenantId: id('tenantId'),
          threadId: id('threadId'),
          state: json('state'),
          updatedAt: at('updatedAt'),
        },
      };
    case 'file':
      return {
        type: 'file',
        record: {
          tenantId: id('tenantId'),
          provider: id('provider'),
          sha256: id('sha256'),
          providerFileId: id('providerFileId'),
          filename: optionalText('filename'),
          sizeInBytes: nonNegative('sizeInBytes'),
          createdAt: at('createdAt'),
          expiresAt: optionalAt('expiresAt'),
          refCount: nonNegative('refCount'),
        },
      };
    case 'usage':
      return {
        type: 'usage',
        record: {
          tenantId: id('tenantId'),
          id: id('id'),
          threadId: optionalId('record.threadId', absent(r.threadId)),
          model: id('model'),
          inputTokens: nonNegative('inputTokens'),
          outputTokens: nonNegative('outputTokens'),
          costInUsd: optionalNonNegativeNumber('record.costInUsd', absent(r.costInUsd)),
          latencyInMs: nonNegative('latencyInMs'),
          status: requireUsageStatus(r.status),
          errorCode: optionalText('errorCode'),
          createdAt: at('createdAt'),
        },
      };
    case 'audit':
      return {
        type: 'audit',
        record: {
          tenantId: id('tenantId'),
          id: id('id'),
          at: at('at'),
          actor: optionalText('actor'),
          action: id('action'),
          target: optionalText('target'),
          detail: json('detail'),
        },
      };
  }
}
