import { withStoreInputChecks } from '@exai/core/internal';
import { exportRecords } from './backup/export-records.js';
import { importRecords } from './backup/import-records.js';
import * as apiKeys from './queries/api-key-queries.js';
import * as audit from './queries/audit-queries.js';
import { commitTurn } from './queries/commit-turn-query.js';
import * as files from './queries/file-queries.js';
import { listThreads } from './queries/list-threads-query.js';
import { expire } from './queries/retention-queries.js';
import type { StoreContext } from './queries/store-context.js';
import * as tenants from './queries/tenant-queries.js';
import * as tenantData from './queries/tenant-data-queries.js';
import * as threads from './queries/thread-queries.js';
import * as turns from './queries/turn-queries.js';
import * as usage from './queries/usage-queries.js';
import * as workflowStates from './queries/workflow-state-queries.js';
import * as tasks from './queries/task-queries.js';
import * as streamEvents from './queries/stream-event-queries.js';
import type { PostgresSessionStore } from './postgres-session-store-options.js';

/** The store's methods, each a thin call into the query module of its record type. */
export function buildPostgresSessionStore({
  executor,
  now,
  schema,
  close,
}: StoreContext & { schema: string; close: () => Promise<void> }): PostgresSessionStore {
  const context: StoreContext = { executor, now };
  return withStoreInputChecks({
    specificationVersion: 'v1',
    kind: 'postgres',
    schema,
    get circuitState() {
      return executor.circuitState;
    },
    createTenant: (input) => tenants.createTenant(context, input),
    getTenant: (tenantId) => tenants.getTenant(context, tenantId),
    listTenants: () => tenants.listTenants(context),
    createApiKey: (input) => apiKeys.createApiKey(context, input),
    findApiKeyByHash: (hash) => apiKeys.findApiKeyByHash(context, hash),
    listApiKeys: (tenantId) => apiKeys.listApiKeys(context, tenantId),
    revokeApiKey: (tenantId, id) => apiKeys.revokeApiKey(context, tenantId, id),
    markApiKeysUsed: (ids, usedAt) => apiKeys.markApiKeysUsed(context, ids, usedAt),
    createThread: (input) => threads.createThread(context, input),
    getThread: (tenantId, threadId) => threads.getThread(context, tenantId, threadId),
    listThreads: (tenantId, options) => listThreads(context, tenantId, options),
    deleteThread: (tenantId, threadId) => threads.deleteThread(context, tenantId, threadId),
    appendTurn: (input) => turns.appendTurn(context, input),
    commitTurn: (input) => commitTurn(context, input),
    listTurns: (tenantId, threadId, options) => turns.listTurns(context, tenantId, threadId, options),
    getWorkflowState: (tenantId, threadId) => workflowStates.getWorkflowState(context, tenantId, threadId),
    putWorkflowState: (tenantId, threadId, state) =>
      workflowStates.putWorkflowState(context, tenantId, threadId, state),
    putFileRecord: (input) => files.putFileRecord(context, input),
    getFileRecord: (tenantId, provider, sha256) => files.getFileRecord(context, tenantId, provider, sha256),
    adjustFileReferences: (tenantId, provider, sha256, delta) =>
      files.adjustFileReferences(context, tenantId, provider, sha256, delta),
    deleteFileRecord: (tenantId, provider, sha256) =>
      files.deleteFileRecord(context, tenantId, provider, sha256),
    listFileRecords: (tenantId, options) => files.listFileRecords(context, tenantId, options),
    recordUsage: (input) => usage.recordUsage(context, input),
    listUsage: (tenantId, query) => usage.listUsage(context, tenantId, query),
    summarizeUsage: (tenantId, query) => usage.summarizeUsage(context, tenantId, query),
    appendAudit: (input) => audit.appendAudit(context, input),
    listAudit: (tenantId, options) => audit.listAudit(context, tenantId, options),
    createTask: (input) => tasks.createTask(context, input),
    getTask: (tenantId, taskId) => tasks.getTask(context, tenantId, taskId),
    updateTask: (input) => tasks.updateTask(context, input),
    listTasks: (tenantId, options) => tasks.listTasks(context, tenantId, options),
    appendStreamEvent: (input) => streamEvents.appendStreamEvent(context, input),
    replayStreamEvents: (tenantId, afterEventId) =>
      streamEvents.replayStreamEvents(context, tenantId, afterEventId),
    expire: (at) => expire(context, at),
    countTenantData: (tenantId) => tenantData.countTenantData(context, tenantId),
    deleteTenantData: (input) => tenantData.deleteTenantData(context, input),
    prune: (options) => tenantData.prune(context, options),
    exportRecords: () => exportRecords(executor),
    importRecords: (records) => importRecords(executor, records),
    ping: async () => {
      await executor.query('select 1', [], { idempotent: true });
    },
    close,
  });
}
