import type {
  AppendAuditInput,
  AppendStreamEventInput,
  AppendTurnInput,
  CommitTurnInput,
  CreateApiKeyInput,
  CreateTenantInput,
  CreateTaskInput,
  CreateThreadInput,
  DeleteTenantDataInput,
  PruneOptions,
  PutFileRecordInput,
  RecordUsageInput,
  SessionStoreV1,
  StoreRecord,
  TenantId,
  UpdateTaskInput,
} from '@exai/core';

interface FileKey {
  tenantId: TenantId;
  provider: string;
  sha256: string;
}

/**
 * Every call that changes the store, under the name its log lines carry, and how a line's
 * `input` is applied to the in-memory store. A call that takes one input object logs that object;
 * a call with positional arguments logs them as an object of named fields. Live calls and replay
 * both go through this table, so the two cannot drift apart.
 */
export const operations = {
  createTenant: (store, input: CreateTenantInput) => store.createTenant(input),
  createApiKey: (store, input: CreateApiKeyInput) => store.createApiKey(input),
  revokeApiKey: (store, input: { tenantId: TenantId; id: string }) =>
    store.revokeApiKey(input.tenantId, input.id),
  createThread: (store, input: CreateThreadInput) => store.createThread(input),
  deleteThread: (store, input: { tenantId: TenantId; threadId: string }) =>
    store.deleteThread(input.tenantId, input.threadId),
  appendTurn: (store, input: AppendTurnInput) => store.appendTurn(input),
  commitTurn: (store, input: CommitTurnInput) => store.commitTurn(input),
  putWorkflowState: (
    store,
    input: { tenantId: TenantId; threadId: string; state: Record<string, unknown> },
  ) => store.putWorkflowState(input.tenantId, input.threadId, input.state),
  putFileRecord: (store, input: PutFileRecordInput) => store.putFileRecord(input),
  adjustFileReferences: (store, input: FileKey & { delta: number }) =>
    store.adjustFileReferences(input.tenantId, input.provider, input.sha256, input.delta),
  deleteFileRecord: (store, input: FileKey) =>
    store.deleteFileRecord(input.tenantId, input.provider, input.sha256),
  recordUsage: (store, input: RecordUsageInput) => store.recordUsage(input),
  appendAudit: (store, input: AppendAuditInput) => store.appendAudit(input),
  createTask: (store, input: CreateTaskInput) => store.createTask(input),
  updateTask: (store, input: UpdateTaskInput) => store.updateTask(input),
  appendStreamEvent: (store, input: AppendStreamEventInput) => store.appendStreamEvent(input),
  expire: (store, input: { now?: Date }) => store.expire(input.now),
  deleteTenantData: (store, input: DeleteTenantDataInput) => store.deleteTenantData(input),
  prune: (store, input: PruneOptions) => store.prune(input),
  // `importRecords` logs each record on a line of its own, so a long restore never makes one huge line.
  importRecord: (store, input: StoreRecord) => store.importRecords([input]),
} satisfies Record<string, (store: SessionStoreV1, input: never) => Promise<unknown>>;

export type Operation = keyof typeof operations;
export type InputOf<Op extends Operation> = Parameters<(typeof operations)[Op]>[1];
export type ResultOf<Op extends Operation> = Awaited<ReturnType<(typeof operations)[Op]>>;

export function isOperation(name: unknown): name is Operation {
  return typeof name === 'string' && Object.hasOwn(operations, name);
}

/** Applies one call to the store. `input` is not checked here: the store validates it. */
export function applyOperation<Op extends Operation>(
  store: SessionStoreV1,
  op: Op,
  input: InputOf<Op>,
): Promise<ResultOf<Op>> {
  const run = operations[op] as (store: SessionStoreV1, input: InputOf<Op>) => Promise<ResultOf<Op>>;
  return run(store, input);
}
