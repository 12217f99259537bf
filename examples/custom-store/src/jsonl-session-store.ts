import { randomUUID } from 'node:crypto';
import {
  createMemorySessionStore,
  StoreUnavailableError,
  type CommitTurnUsage,
  type ImportResult,
  type MemorySessionStoreOptions,
  type SessionStoreV1,
} from '@exai/core';
import { encodeLine, openLogFile } from './jsonl-log-file.js';
import { applyOperation, type InputOf, type Operation, type ResultOf } from './jsonl-operations.js';

export interface JsonlSessionStoreOptions {
  /** The log file; created, with its directory, when missing. */
  path: string;
  /** The clock that stamps records and decides what has expired (default `new Date()`); for tests. */
  now?: () => Date;
  /**
   * Called before each thread, turn, usage record or audit event is written to memory; throwing
   * makes that call fail and write nothing (see `createMemorySessionStore`). For tests.
   */
  beforeWrite?: MemorySessionStoreOptions['beforeWrite'];
}

/**
 * A `SessionStoreV1` kept in one append-only file of JSON lines. Every call that changes the
 * store appends one line, `{"op":"appendTurn","input":{…},"at":"2025-…Z"}`; opening the file
 * replays those calls, in order, into `createMemorySessionStore` from `@exai/core`, which then
 * serves every read. Replay is deterministic: while a call is applied, the memory store's clock
 * reads the time logged with it, and ids the store would make up (thread, API key, usage and
 * audit ids) are chosen before the call and logged with its input. `commitTurn` is one line, so
 * a finished turn replays whole or (if its line was cut short by a crash) not at all.
 *
 * Writes run one at a time, in the order they are made: apply to memory, then append the line.
 * A call the memory store refuses (a missing thread, a taken id) writes nothing.
 *
 * Durability: a call returns once its line is handed to the operating system (`appendFile`,
 * no fsync). That survives a crash of the process, but not of the machine: a power cut can lose
 * the last few seconds of calls. For more, call `file.datasync()` after each append, at the
 * cost of a disk flush per write. If an append fails (a full disk), memory is ahead of the file,
 * so the store refuses every later call with `StoreUnavailableError` until it is opened again.
 *
 * Limits: the whole store lives in memory; the file only grows (compact it by importing
 * `exportRecords()` into a store on a new file); one process may have the file open at a time.
 */
export async function createJsonlSessionStore({
  path,
  now = () => new Date(),
  beforeWrite,
}: JsonlSessionStoreOptions): Promise<SessionStoreV1> {
  const unavailable = (message: string, cause?: unknown) =>
    new StoreUnavailableError({ store: 'jsonl-file', message: `${path}: ${message}`, cause });

  const log = await openLogFile(path, now).catch((error: unknown) => {
    throw unavailable(`cannot open the session log: ${(error as Error).message}`, error);
  });
  const { file } = log;

  // The memory store's clock: while a call is applied it reads that call's time; otherwise `now`.
  // Created while pinned to the log's creation time, so the tenant `default` is the same on every open.
  let pinned: Date | undefined = log.createdAt;
  const memory = createMemorySessionStore({ now: () => pinned ?? now(), beforeWrite });
  try {
    for (const line of log.lines) {
      pinned = line.at;
      // `line.input` is whatever the file holds; the memory store validates it as it applies it.
      await applyOperation(memory, line.op, line.input as never).catch((error: unknown) => {
        throw unavailable(`line ${line.lineNumber} does not replay: ${(error as Error).message}`, error);
      });
    }
  } catch (error) {
    await file.close();
    throw error;
  } finally {
    pinned = undefined;
  }

  let tail: Promise<unknown> = Promise.resolve();
  let closing: Promise<void> | undefined;
  let appendFailure: unknown;

  function assertAppendsWork(): void {
    if (appendFailure !== undefined) {
      const message =
        'an earlier append to the log failed, so memory and file may differ; open the store again.';
      throw unavailable(message, appendFailure);
    }
  }

  function assertUsable(): void {
    if (closing !== undefined) throw unavailable('the store is closed; open it again to use it.');
    assertAppendsWork();
  }

  /** Queues one change: applied to memory, then appended, after every change queued before it. */
  function write<Op extends Operation>(op: Op, input: InputOf<Op>): Promise<ResultOf<Op>> {
    const call = (async () => {
      assertUsable();
      await tail;
      assertAppendsWork();
      const at = now();
      const line = encodeLine({ op, input, at });
      pinned = at;
      let result: ResultOf<Op>;
      try {
        result = await applyOperation(memory, op, input);
      } finally {
        pinned = undefined;
      }
      await file.appendFile(line).catch((error: unknown) => {
        appendFailure = error;
        throw unavailable(`cannot append to the session log: ${(error as Error).message}`, error);
      });
      return result;
    })();
    tail = call.catch(() => undefined);
    return call;
  }

  /** The memory store, for a read: reads never touch the file. */
  function reader(): SessionStoreV1 {
    assertUsable();
    return memory;
  }

  return {
    specificationVersion: 'v1',
    kind: 'jsonl-file',

    createTenant: (input) => write('createTenant', input),
    getTenant: async (tenantId) => reader().getTenant(tenantId),
    listTenants: async () => reader().listTenants(),
    createApiKey: (input) => write('createApiKey', { ...input, id: input.id ?? randomUUID() }),
    findApiKeyByHash: async (hash) => reader().findApiKeyByHash(hash),
    listApiKeys: async (tenantId) => reader().listApiKeys(tenantId),
    revokeApiKey: (tenantId, id) => write('revokeApiKey', { tenantId, id }),

    createThread: (input) => write('createThread', { ...input, id: input.id ?? randomUUID() }),
    getThread: async (tenantId, threadId) => reader().getThread(tenantId, threadId),
    listThreads: async (tenantId, options) => reader().listThreads(tenantId, options),
    deleteThread: (tenantId, threadId) => write('deleteThread', { tenantId, threadId }),
    appendTurn: (input) => write('appendTurn', input),
    // The usage and audit ids are chosen here, so a replay makes the same records.
    commitTurn: (input) =>
      write('commitTurn', {
        ...input,
        // One usage record, or one per model of a round: each gets its id before the line is written.
        usage: Array.isArray(input.usage)
          ? input.usage.map(withId)
          : input.usage && withId(input.usage as CommitTurnUsage),
        audit: input.audit && { ...input.audit, id: input.audit.id ?? randomUUID() },
      }),
    listTurns: async (tenantId, threadId, options) => reader().listTurns(tenantId, threadId, options),

    getWorkflowState: async (tenantId, threadId) => reader().getWorkflowState(tenantId, threadId),
    putWorkflowState: (tenantId, threadId, state) => write('putWorkflowState', { tenantId, threadId, state }),

    putFileRecord: (input) => write('putFileRecord', input),
    getFileRecord: async (tenantId, provider, sha256) => reader().getFileRecord(tenantId, provider, sha256),
    adjustFileReferences: (tenantId, provider, sha256, delta) =>
      write('adjustFileReferences', { tenantId, provider, sha256, delta }),
    deleteFileRecord: (tenantId, provider, sha256) =>
      write('deleteFileRecord', { tenantId, provider, sha256 }),
    listFileRecords: async (tenantId, options) => reader().listFileRecords(tenantId, options),

    recordUsage: (input) => write('recordUsage', { ...input, id: input.id ?? randomUUID() }),
    listUsage: async (tenantId, query) => reader().listUsage(tenantId, query),
    summarizeUsage: async (tenantId, query) => reader().summarizeUsage(tenantId, query),
    appendAudit: (input) => write('appendAudit', { ...input, id: input.id ?? randomUUID() }),
    listAudit: async (tenantId, options) => reader().listAudit(tenantId, options),

    // The task id is chosen here, so a replay makes the same task.
    createTask: (input) => write('createTask', { ...input, id: input.id ?? randomUUID() }),
    getTask: async (tenantId, taskId) => reader().getTask(tenantId, taskId),
    updateTask: (input) => write('updateTask', input),
    listTasks: async (tenantId, options) => reader().listTasks(tenantId, options),
    // The event id is chosen here, so a replay makes the same event.
    appendStreamEvent: (input) =>
      write('appendStreamEvent', { ...input, eventId: input.eventId ?? randomUUID() }),
    replayStreamEvents: async (tenantId, afterEventId) => reader().replayStreamEvents(tenantId, afterEventId),

    expire: (at) => write('expire', { now: at }),
    countTenantData: async (tenantId) => reader().countTenantData(tenantId),
    // The deletion's audit id is chosen here, so a replay makes the same event.
    deleteTenantData: (input) =>
      write('deleteTenantData', { ...input, audit: { ...input.audit, id: input.audit?.id ?? randomUUID() } }),
    prune: (options) => write('prune', options),
    async *exportRecords() {
      yield* reader().exportRecords();
    },
    async importRecords(records) {
      const result: ImportResult = { imported: {}, skipped: {} };
      for await (const record of records) {
        const outcome = await write('importRecord', record);
        const counts = outcome.imported[record.type] ? result.imported : result.skipped;
        counts[record.type] = (counts[record.type] ?? 0) + 1;
      }
      return result;
    },

    ping: async () => reader().ping(),
    close() {
      closing ??= tail.then(async () => {
        await file.close();
        await memory.close();
      });
      return closing;
    },
  };
}

function withId(usage: CommitTurnUsage): CommitTurnUsage {
  return { ...usage, id: usage.id ?? randomUUID() };
}
