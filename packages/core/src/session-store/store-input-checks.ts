import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { maxCommitTurns } from './commit-turn-keys.js';
import { tenantDataInputChecks } from './tenant-data-input-checks.js';
import type {
  AppendAuditInput,
  AppendTurnInput,
  CommitTurnInput,
  CommitTurnMessage,
  CommitTurnUsage,
  CreateThreadInput,
  PageOptions,
  RecordUsageInput,
  SessionStoreV1,
  UsageQuery,
} from './v1/index.js';
import {
  optionalDate,
  optionalId,
  optionalJsonObject,
  optionalNonNegativeNumber,
  optionalString,
  optionalStringArray,
  pageLimit,
  requireDate,
  requireId,
  requireInteger,
  requireJsonObject,
  requireNonNegativeInteger,
  requirePositiveInteger,
  requireRole,
  requireString,
  requireUsageStatus,
} from './validate-store-input.js';
import { taskInputChecks } from './task-input-checks.js';
import { requireTenantId } from './tenant-id.js';

/** The store's methods that take arguments. */
type CheckedMethods = Omit<
  SessionStoreV1,
  'specificationVersion' | 'kind' | 'listTenants' | 'exportRecords' | 'importRecords' | 'ping' | 'close'
>;

/** Per method: checks its arguments and returns them normalised (copied, defaults filled in). */
export type StoreInputChecks = {
  [Name in keyof CheckedMethods]: (
    ...args: Parameters<NonNullable<CheckedMethods[Name]>>
  ) => Parameters<NonNullable<CheckedMethods[Name]>>;
};

function requireObject(argument: string, value: unknown): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new InvalidArgumentError({ argument, message: `\`${argument}\` must be an object.` });
  }
  return value as Record<string, unknown>;
}

function pageOptions<Options extends PageOptions>(options: Options | undefined): Options {
  const given = options ?? ({} as Options);
  return { ...given, limit: pageLimit(given.limit), cursor: optionalString('cursor', given.cursor) };
}

function usageRange<Query extends UsageQuery>(query: Query | undefined): Query {
  const given = query ?? ({} as Query);
  return { ...given, from: optionalDate('from', given.from), to: optionalDate('to', given.to) };
}

export function checkThreadInput(input: CreateThreadInput): CreateThreadInput {
  requireObject('input', input);
  return {
    tenantId: requireId('tenantId', input.tenantId),
    id: optionalId('id', input.id),
    title: optionalString('title', input.title),
    expiresAt: optionalDate('expiresAt', input.expiresAt),
    metadata: optionalJsonObject('metadata', input.metadata),
  };
}

export function checkUsageInput(input: RecordUsageInput): RecordUsageInput {
  requireObject('usage', input);
  return {
    tenantId: requireId('tenantId', input.tenantId),
    id: optionalId('id', input.id),
    threadId: optionalId('threadId', input.threadId),
    model: requireId('model', input.model),
    inputTokens: requireNonNegativeInteger('inputTokens', input.inputTokens),
    outputTokens: requireNonNegativeInteger('outputTokens', input.outputTokens),
    costInUsd: optionalNonNegativeNumber('costInUsd', input.costInUsd),
    latencyInMs: requireNonNegativeInteger('latencyInMs', input.latencyInMs),
    status: requireUsageStatus(input.status),
    errorCode: optionalString('errorCode', input.errorCode),
    createdAt: optionalDate('createdAt', input.createdAt),
  };
}

export function checkAuditInput(input: AppendAuditInput): AppendAuditInput {
  requireObject('audit', input);
  return {
    tenantId: requireId('tenantId', input.tenantId),
    id: optionalId('id', input.id),
    at: optionalDate('at', input.at),
    actor: optionalString('actor', input.actor),
    action: requireId('action', input.action),
    target: optionalString('target', input.target),
    detail: optionalJsonObject('detail', input.detail),
  };
}

function checkMessage(message: CommitTurnMessage): CommitTurnMessage {
  requireObject('turns', message);
  return {
    role: requireRole(message.role),
    content: requireString('content', message.content),
    toolName: optionalString('toolName', message.toolName),
    model: optionalString('model', message.model),
    files: optionalStringArray('files', message.files),
    metadata: optionalJsonObject('metadata', message.metadata),
  };
}

export function checkCommitTurnInput(input: CommitTurnInput): CommitTurnInput {
  requireObject('input', input);
  const tenantId = requireId('tenantId', input.tenantId);
  const thread = requireObject('thread', input.thread);
  const create = thread.create === undefined ? undefined : requireObject('thread.create', thread.create);
  if (!Array.isArray(input.turns) || input.turns.length < 2 || input.turns.length > maxCommitTurns) {
    throw new InvalidArgumentError({
      argument: 'turns',
      message: `\`turns\` must hold from 2 to ${maxCommitTurns} messages: the question, then the answer (or the answers of a round).`,
    });
  }
  const { usage, audit } = input;
  const usages = usage === undefined ? undefined : Array.isArray(usage) ? usage : [usage];
  if (usages !== undefined && usages.length > maxCommitTurns) {
    throw new InvalidArgumentError({
      argument: 'usage',
      message: `\`usage\` must hold at most ${maxCommitTurns} records.`,
    });
  }
  const checkUsage = (record: CommitTurnUsage) => withoutTenant(checkUsageInput({ ...record, tenantId }));
  return {
    tenantId,
    thread: {
      id: requireId('thread.id', thread.id),
      create:
        create === undefined
          ? undefined
          : {
              title: optionalString('thread.create.title', create.title),
              metadata: optionalJsonObject('thread.create.metadata', create.metadata),
            },
    },
    idempotencyKey: requireId('idempotencyKey', input.idempotencyKey),
    expiresAt: optionalDate('expiresAt', input.expiresAt),
    turns: input.turns.map(checkMessage) as unknown as CommitTurnInput['turns'],
    usage:
      usages === undefined
        ? undefined
        : Array.isArray(usage)
          ? usages.map(checkUsage)
          : checkUsage(usages[0]!),
    audit: audit === undefined ? undefined : withoutTenant(checkAuditInput({ ...audit, tenantId })),
  };
}

function withoutTenant<T extends { tenantId: string; threadId?: string }>(
  record: T,
): Omit<T, 'tenantId' | 'threadId'> {
  const { tenantId: _tenantId, threadId: _threadId, ...rest } = record;
  return rest;
}

function checkAppendTurn(input: AppendTurnInput): AppendTurnInput {
  requireObject('input', input);
  return {
    tenantId: requireId('tenantId', input.tenantId),
    threadId: requireId('threadId', input.threadId),
    ...checkMessage(input),
    idempotencyKey: optionalId('idempotencyKey', input.idempotencyKey),
    expiresAt: optionalDate('expiresAt', input.expiresAt),
  };
}

const tenantAnd = (tenantId: string, id: [string, unknown]): [string, string] => [
  requireId('tenantId', tenantId),
  requireId(id[0], id[1]),
];

/**
 * One check per method. Each throws `InvalidArgumentError` naming the first bad argument, and
 * returns the arguments as the store should take them: ids checked, dates and JSON copied (JSON
 * through `JSON.stringify`, as a SQL store keeps it), missing JSON objects and arrays filled in.
 */
export const storeInputChecks: StoreInputChecks = {
  createTenant(input) {
    requireObject('input', input);
    return [
      {
        id: requireTenantId('id', input.id),
        name: optionalString('name', input.name),
        settings: optionalJsonObject('settings', input.settings),
      },
    ];
  },
  getTenant: (tenantId) => [requireId('tenantId', tenantId)],
  createApiKey(input) {
    requireObject('input', input);
    return [
      {
        tenantId: requireId('tenantId', input.tenantId),
        id: optionalId('id', input.id),
        name: requireId('name', input.name),
        prefix: requireId('prefix', input.prefix),
        hash: requireId('hash', input.hash),
      },
    ];
  },
  findApiKeyByHash: (hash) => [requireId('hash', hash)],
  listApiKeys: (tenantId) => [requireId('tenantId', tenantId)],
  revokeApiKey: (tenantId, id) => tenantAnd(tenantId, ['id', id]),
  markApiKeysUsed(ids, usedAt) {
    if (!Array.isArray(ids))
      throw new InvalidArgumentError({ argument: 'ids', message: '`ids` must be an array of key ids.' });
    return [ids.map((id: unknown, index) => requireId(`ids[${index}]`, id)), requireDate('usedAt', usedAt)];
  },
  createThread: (input) => [checkThreadInput(input)],
  getThread: (tenantId, threadId) => tenantAnd(tenantId, ['threadId', threadId]),
  listThreads: (tenantId, options) => {
    const checked = pageOptions(options);
    return [
      requireId('tenantId', tenantId),
      { ...checked, search: optionalString('search', checked.search) },
    ];
  },
  deleteThread: (tenantId, threadId) => tenantAnd(tenantId, ['threadId', threadId]),
  appendTurn: (input) => [checkAppendTurn(input)],
  commitTurn: (input) => [checkCommitTurnInput(input)],
  listTurns(tenantId, threadId, options = {}) {
    return [
      ...tenantAnd(tenantId, ['threadId', threadId]),
      {
        afterSeq:
          options.afterSeq === undefined ? 0 : requireNonNegativeInteger('afterSeq', options.afterSeq),
        limit: options.limit === undefined ? undefined : requirePositiveInteger('limit', options.limit),
      },
    ];
  },
  getWorkflowState: (tenantId, threadId) => tenantAnd(tenantId, ['threadId', threadId]),
  putWorkflowState: (tenantId, threadId, state) => [
    ...tenantAnd(tenantId, ['threadId', threadId]),
    requireJsonObject('state', state),
  ],
  putFileRecord(input) {
    requireObject('input', input);
    return [
      {
        tenantId: requireId('tenantId', input.tenantId),
        provider: requireId('provider', input.provider),
        sha256: requireId('sha256', input.sha256),
        providerFileId: requireId('providerFileId', input.providerFileId),
        filename: optionalString('filename', input.filename),
        sizeInBytes: requireNonNegativeInteger('sizeInBytes', input.sizeInBytes),
        expiresAt: optionalDate('expiresAt', input.expiresAt),
      },
    ];
  },
  getFileRecord: (tenantId, provider, sha256) => fileKey(tenantId, provider, sha256),
  adjustFileReferences: (tenantId, provider, sha256, delta) => [
    ...fileKey(tenantId, provider, sha256),
    requireInteger('delta', delta),
  ],
  deleteFileRecord: (tenantId, provider, sha256) => fileKey(tenantId, provider, sha256),
  listFileRecords: (tenantId, options) => [requireId('tenantId', tenantId), pageOptions(options)],
  recordUsage: (input) => [checkUsageInput(input)],
  listUsage: (tenantId, query) => [requireId('tenantId', tenantId), usageRange(pageOptions(query))],
  summarizeUsage: (tenantId, query) => [requireId('tenantId', tenantId), usageRange(query)],
  appendAudit: (input) => [checkAuditInput(input)],
  listAudit(tenantId, options) {
    const checked = pageOptions(options);
    return [
      requireId('tenantId', tenantId),
      { ...checked, action: checked.action === undefined ? undefined : requireId('action', checked.action) },
    ];
  },
  expire: (now) => [optionalDate('now', now)],
  ...tenantDataInputChecks,
  ...taskInputChecks,
};

function fileKey(tenantId: string, provider: string, sha256: string): [string, string, string] {
  return [requireId('tenantId', tenantId), requireId('provider', provider), requireId('sha256', sha256)];
}
