import { InvalidArgumentError, type SessionStoreV1 } from '@exai/core';
import {
  optionalDate,
  optionalId,
  optionalJsonObject,
  optionalNonNegativeNumber,
  optionalString,
  optionalStringArray,
  requireId,
  requireInteger,
  requireJsonObject,
  requireNonNegativeInteger,
  requirePositiveInteger,
  requireRole,
  requireString,
  requireUsageStatus,
} from '@exai/core/internal';

type StoreMethods = {
  [
    Name in keyof SessionStoreV1 as SessionStoreV1[Name] extends (...args: never[]) => unknown ? Name : never
  ]: SessionStoreV1[Name];
};

type InputChecks = {
  [Name in keyof StoreMethods]?: (...args: Parameters<StoreMethods[Name]>) => void;
};

const maxPageLimit = 500;

function pageLimit(value: unknown): void {
  if (value === undefined) return;
  const limit = requireInteger('limit', value);
  if (limit < 1 || limit > maxPageLimit) {
    throw new InvalidArgumentError({
      argument: 'limit',
      message: `limit must be between 1 and ${maxPageLimit}, not ${limit}.`,
    });
  }
}

function ids(values: Record<string, unknown>): void {
  for (const [argument, value] of Object.entries(values)) requireId(argument, value);
}

/**
 * The argument checks the memory and SQLite stores make, for the stores whose SQL would otherwise
 * take (or fail on) what they refuse: each throws `InvalidArgumentError` naming the argument.
 */
const inputChecks: InputChecks = {
  createTenant(input) {
    requireId('id', input.id);
    optionalString('name', input.name);
    optionalJsonObject('settings', input.settings);
  },
  getTenant: (tenantId) => ids({ tenantId }),
  createApiKey(input) {
    ids({ tenantId: input.tenantId, name: input.name, prefix: input.prefix, hash: input.hash });
    optionalId('id', input.id);
  },
  findApiKeyByHash: (hash) => ids({ hash }),
  listApiKeys: (tenantId) => ids({ tenantId }),
  revokeApiKey: (tenantId, id) => ids({ tenantId, id }),
  createThread(input) {
    requireId('tenantId', input.tenantId);
    optionalId('id', input.id);
    optionalString('title', input.title);
    optionalDate('expiresAt', input.expiresAt);
    optionalJsonObject('metadata', input.metadata);
  },
  getThread: (tenantId, threadId) => ids({ tenantId, threadId }),
  listThreads(tenantId, options = {}) {
    requireId('tenantId', tenantId);
    optionalString('search', options.search);
    pageLimit(options.limit);
  },
  deleteThread: (tenantId, threadId) => ids({ tenantId, threadId }),
  appendTurn(input) {
    ids({ tenantId: input.tenantId, threadId: input.threadId });
    requireRole(input.role);
    requireString('content', input.content);
    optionalString('toolName', input.toolName);
    optionalString('model', input.model);
    optionalStringArray('files', input.files);
    optionalId('idempotencyKey', input.idempotencyKey);
    optionalJsonObject('metadata', input.metadata);
    optionalDate('expiresAt', input.expiresAt);
  },
  listTurns(tenantId, threadId, options = {}) {
    ids({ tenantId, threadId });
    if (options.afterSeq !== undefined) requireNonNegativeInteger('afterSeq', options.afterSeq);
    if (options.limit !== undefined) requirePositiveInteger('limit', options.limit);
  },
  getWorkflowState: (tenantId, threadId) => ids({ tenantId, threadId }),
  putWorkflowState(tenantId, threadId, state) {
    ids({ tenantId, threadId });
    requireJsonObject('state', state);
  },
  putFileRecord(input) {
    ids({
      tenantId: input.tenantId,
      provider: input.provider,
      sha256: input.sha256,
      providerFileId: input.providerFileId,
    });
    optionalString('filename', input.filename);
    requireNonNegativeInteger('sizeInBytes', input.sizeInBytes);
    optionalDate('expiresAt', input.expiresAt);
  },
  getFileRecord: (tenantId, provider, sha256) => ids({ tenantId, provider, sha256 }),
  adjustFileReferences(tenantId, provider, sha256, delta) {
    ids({ tenantId, provider, sha256 });
    requireInteger('delta', delta);
  },
  deleteFileRecord: (tenantId, provider, sha256) => ids({ tenantId, provider, sha256 }),
  listFileRecords(tenantId, options = {}) {
    requireId('tenantId', tenantId);
    pageLimit(options.limit);
  },
  recordUsage(input) {
    ids({ tenantId: input.tenantId, model: input.model });
    optionalId('id', input.id);
    optionalId('threadId', input.threadId);
    requireNonNegativeInteger('inputTokens', input.inputTokens);
    requireNonNegativeInteger('outputTokens', input.outputTokens);
    optionalNonNegativeNumber('costInUsd', input.costInUsd);
    requireNonNegativeInteger('latencyInMs', input.latencyInMs);
    requireUsageStatus(input.status);
    optionalString('errorCode', input.errorCode);
    optionalDate('createdAt', input.createdAt);
  },
  listUsage(tenantId, query = {}) {
    requireId('tenantId', tenantId);
    optionalDate('from', query.from);
    optionalDate('to', query.to);
    pageLimit(query.limit);
  },
  summarizeUsage(tenantId, query = {}) {
    requireId('tenantId', tenantId);
    optionalDate('from', query.from);
    optionalDate('to', query.to);
  },
  appendAudit(input) {
    ids({ tenantId: input.tenantId, action: input.action });
    optionalId('id', input.id);
    optionalDate('at', input.at);
    optionalString('actor', input.actor);
    optionalString('target', input.target);
    optionalJsonObject('detail', input.detail);
  },
  listAudit(tenantId, options = {}) {
    requireId('tenantId', tenantId);
    if (options.action !== undefined) requireId('action', options.action);
    pageLimit(options.limit);
  },
  expire: (now) => void optionalDate('now', now),
};

/**
 * Makes each of `store`'s methods check its arguments first (see `inputChecks`), rejecting with
 * `InvalidArgumentError` before anything reaches the database. Changes `store` in place, so its
 * getters stay as they are, and returns it.
 */
export function withInputChecks<Store extends SessionStoreV1>(store: Store): Store {
  const methods = store as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>;
  for (const [name, check] of Object.entries(inputChecks) as [string, (...args: unknown[]) => void][]) {
    const method = methods[name]!;
    methods[name] = async (...args: unknown[]) => {
      check(...args);
      return method(...args);
    };
  }
  return store;
}
