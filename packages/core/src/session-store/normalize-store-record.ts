import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import type { StoreRecord, StoreRecordType } from './v1/index.js';
import {
  optionalId,
  optionalNonNegativeNumber,
  optionalString,
  optionalStringArray,
  requireDate,
  requireId,
  requireJsonObject,
  requireNonNegativeInteger,
  requirePositiveInteger,
  requireRole,
  requireString,
  requireUsageStatus,
} from './validate-store-input.js';
import { requireTaskStatus } from './task-input-checks.js';

const recordTypes: readonly StoreRecordType[] = [
  'tenant',
  'api-key',
  'thread',
  'turn',
  'workflow-state',
  'file',
  'usage',
  'audit',
  'task',
  'stream-event',
];

export interface NormalizeStoreRecordOptions {
  /**
   * Also take a date as the ISO string or epoch milliseconds a backup file may hold, not only as
   * a `Date`. Default `false`.
   */
  acceptSerializedDates?: boolean;
}

function fieldsOf(entry: unknown): { type: StoreRecordType; record: Record<string, unknown> } {
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
  return { type: type as StoreRecordType, record: record as Record<string, unknown> };
}

/**
 * A fresh, validated copy of an imported record with exactly the contract's fields, so a backup
 * read from a file cannot put malformed rows in the store. `null` (as JSON holds it) reads as an
 * absent optional field.
 */
export function normalizeStoreRecord(
  entry: unknown,
  { acceptSerializedDates = false }: NormalizeStoreRecordOptions = {},
): StoreRecord {
  const { type, record: r } = fieldsOf(entry);
  const date = (argument: string, value: unknown): Date =>
    requireDate(
      argument,
      acceptSerializedDates && (typeof value === 'string' || typeof value === 'number')
        ? new Date(value)
        : value,
    );
  const optionalDate = (argument: string, value: unknown): Date | undefined =>
    value === undefined || value === null ? undefined : date(argument, value);

  const tenantId =
    type === 'tenant' ? requireId('record.id', r.id) : requireId('record.tenantId', r.tenantId);
  switch (type) {
    case 'tenant':
      return {
        type,
        record: {
          id: tenantId,
          name: requireString('record.name', r.name),
          createdAt: date('record.createdAt', r.createdAt),
          disabled: r.disabled === true,
          settings: requireJsonObject('record.settings', r.settings),
        },
      };
    case 'api-key':
      return {
        type,
        record: {
          id: requireId('record.id', r.id),
          tenantId,
          name: requireString('record.name', r.name),
          prefix: requireString('record.prefix', r.prefix),
          hash: requireId('record.hash', r.hash),
          createdAt: date('record.createdAt', r.createdAt),
          revokedAt: optionalDate('record.revokedAt', r.revokedAt),
          lastUsedAt: optionalDate('record.lastUsedAt', r.lastUsedAt),
        },
      };
    case 'thread':
      return {
        type,
        record: {
          tenantId,
          id: requireId('record.id', r.id),
          title: optionalString('record.title', r.title ?? undefined),
          createdAt: date('record.createdAt', r.createdAt),
          updatedAt: date('record.updatedAt', r.updatedAt),
          expiresAt: optionalDate('record.expiresAt', r.expiresAt),
          turnCount: requireNonNegativeInteger('record.turnCount', r.turnCount),
          metadata: requireJsonObject('record.metadata', r.metadata),
        },
      };
    case 'turn':
      return {
        type,
        record: {
          tenantId,
          threadId: requireId('record.threadId', r.threadId),
          seq: requirePositiveInteger('record.seq', r.seq),
          role: requireRole(r.role),
          content: requireString('record.content', r.content),
          toolName: optionalString('record.toolName', r.toolName ?? undefined),
          model: optionalString('record.model', r.model ?? undefined),
          files: optionalStringArray('record.files', r.files),
          idempotencyKey: optionalId('record.idempotencyKey', r.idempotencyKey ?? undefined),
          createdAt: date('record.createdAt', r.createdAt),
          metadata: requireJsonObject('record.metadata', r.metadata),
        },
      };
    case 'workflow-state':
      return {
        type,
        record: {
          tenantId,
          threadId: requireId('record.threadId', r.threadId),
          state: requireJsonObject('record.state', r.state),
          updatedAt: date('record.updatedAt', r.updatedAt),
        },
      };
    case 'file':
      return {
        type,
        record: {
          tenantId,
          provider: requireId('record.provider', r.provider),
          sha256: requireId('record.sha256', r.sha256),
          providerFileId: requireId('record.providerFileId', r.providerFileId),
          filename: optionalString('record.filename', r.filename ?? undefined),
          sizeInBytes: requireNonNegativeInteger('record.sizeInBytes', r.sizeInBytes),
          createdAt: date('record.createdAt', r.createdAt),
          expiresAt: optionalDate('record.expiresAt', r.expiresAt),
          refCount: requireNonNegativeInteger('record.refCount', r.refCount),
        },
      };
    case 'usage':
      return {
        type,
        record: {
          tenantId,
          id: requireId('record.id', r.id),
          threadId: optionalId('record.threadId', r.threadId ?? undefined),
          model: requireId('record.model', r.model),
          inputTokens: requireNonNegativeInteger('record.inputTokens', r.inputTokens),
          outputTokens: requireNonNegativeInteger('record.outputTokens', r.outputTokens),
          costInUsd: optionalNonNegativeNumber('record.costInUsd', r.costInUsd ?? undefined),
          latencyInMs: requireNonNegativeInteger('record.latencyInMs', r.latencyInMs),
          status: requireUsageStatus(r.status),
          errorCode: optionalString('record.errorCode', r.errorCode ?? undefined),
          createdAt: date('record.createdAt', r.createdAt),
        },
      };
    case 'audit':
      return {
        type,
        record: {
          tenantId,
          id: requireId('record.id', r.id),
          at: date('record.at', r.at),
          actor: optionalString('record.actor', r.actor ?? undefined),
          action: requireId('record.action', r.action),
          target: optionalString('record.target', r.target ?? undefined),
          detail: requireJsonObject('record.detail', r.detail),
        },
      };
    case 'task':
      return {
        type,
        record: {
          tenantId,
          id: requireId('record.id', r.id),
          status: requireTaskStatus(r.status),
          statusMessage: optionalString('record.statusMessage', r.statusMessage ?? undefined),
          request: requireJsonObject('record.request', r.request),
          result: r.result == null ? undefined : requireJsonObject('record.result', r.result),
          ttlInMs: r.ttlInMs == null ? undefined : requirePositiveInteger('record.ttlInMs', r.ttlInMs),
          pollIntervalInMs:
            r.pollIntervalInMs == null
              ? undefined
              : requirePositiveInteger('record.pollIntervalInMs', r.pollIntervalInMs),
          createdAt: date('record.createdAt', r.createdAt),
          updatedAt: date('record.updatedAt', r.updatedAt),
          expiresAt: optionalDate('record.expiresAt', r.expiresAt),
        },
      };
    case 'stream-event':
      return {
        type,
        record: {
          tenantId,
          streamId: requireId('record.streamId', r.streamId),
          eventId: requireId('record.eventId', r.eventId),
          message: requireJsonObject('record.message', r.message),
          createdAt: date('record.createdAt', r.createdAt),
          expiresAt: optionalDate('record.expiresAt', r.expiresAt),
        },
      };
  }
}
