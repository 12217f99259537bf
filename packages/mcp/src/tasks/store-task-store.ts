import type { SessionStoreV1, TaskRecord } from '@exai/core';
import type {
  CreateTaskOptions,
  TaskStore,
} from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import {
  ErrorCode,
  McpError,
  type Request,
  type RequestId,
  type Result,
  type Task,
} from '@modelcontextprotocol/sdk/types.js';

/** How long a task is kept when its creator asks for no TTL. */
export const DEFAULT_TASK_TTL_IN_MS = 60 * 60_000;
/** The longest a task is kept, whatever its creator asks. */
export const MAX_TASK_TTL_IN_MS = 24 * 60 * 60_000;
/** How often a client is told to poll a task's status. */
export const DEFAULT_TASK_POLL_INTERVAL_IN_MS = 2_000;

export interface StoreTaskStoreOptions {
  store: SessionStoreV1;
  /** Every task this store creates, reads or lists belongs to this tenant. */
  tenantId: string;
  defaultTtlInMs?: number;
  maxTtlInMs?: number;
  pollIntervalInMs?: number;
  /** The clock that decides whether a task has expired. */
  now?: () => Date;
}

/** The task as the MCP protocol shows it. */
export function toProtocolTask(record: TaskRecord): Task {
  return {
    taskId: record.id,
    status: record.status,
    ttl: record.ttlInMs ?? null,
    createdAt: record.createdAt.toISOString(),
    lastUpdatedAt: record.updatedAt.toISOString(),
    ...(record.pollIntervalInMs !== undefined && { pollInterval: record.pollIntervalInMs }),
    ...(record.statusMessage !== undefined && { statusMessage: record.statusMessage }),
  };
}

function notFound(taskId: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId} (it may have expired)`);
}

/**
 * The MCP SDK's `TaskStore` over a session store, for one tenant: tasks live in the store, so any
 * process sharing it can report a task's status and result, and they survive a restart. A task of
 * another tenant, or one past its TTL, reads as not found. Tasks are bound to the tenant, not to
 * the MCP session (the `sessionId` arguments are ignored): a client may reconnect with a new
 * session and still fetch its task.
 */
export function createStoreTaskStore({
  store,
  tenantId,
  defaultTtlInMs = DEFAULT_TASK_TTL_IN_MS,
  maxTtlInMs = MAX_TASK_TTL_IN_MS,
  pollIntervalInMs = DEFAULT_TASK_POLL_INTERVAL_IN_MS,
  now = () => new Date(),
}: StoreTaskStoreOptions): TaskStore {
  async function live(taskId: string): Promise<TaskRecord | undefined> {
    const record = await store.getTask(tenantId, taskId);
    if (record?.expiresAt !== undefined && record.expiresAt.getTime() < now().getTime()) return undefined;
    return record;
  }

  return {
    async createTask(taskParams: CreateTaskOptions, requestId: RequestId, request: Request): Promise<Task> {
      const asked =
        typeof taskParams.ttl === 'number' && taskParams.ttl > 0 ? taskParams.ttl : defaultTtlInMs;
      const record = await store.createTask({
        tenantId,
        request: { requestId, method: request.method, params: request.params ?? {} },
        ttlInMs: Math.min(Math.round(asked), maxTtlInMs),
        pollIntervalInMs: taskParams.pollInterval ?? pollIntervalInMs,
      });
      return toProtocolTask(record);
    },

    async getTask(taskId: string): Promise<Task | null> {
      const record = await live(taskId);
      return record === undefined ? null : toProtocolTask(record);
    },

    async storeTaskResult(taskId: string, status: 'completed' | 'failed', result: Result): Promise<void> {
      await store
        .updateTask({ tenantId, id: taskId, status, result: result as Record<string, unknown> })
        .catch((error: unknown) => {
          throw (error as { code?: string }).code === 'record_not_found' ? notFound(taskId) : error;
        });
    },

    async getTaskResult(taskId: string): Promise<Result> {
      const record = await live(taskId);
      if (record === undefined) throw notFound(taskId);
      if (record.result === undefined) {
        throw new McpError(ErrorCode.InvalidParams, `Task ${taskId} has no result: it is ${record.status}`);
      }
      return record.result as Result;
    },

    async updateTaskStatus(taskId: string, status: Task['status'], statusMessage?: string): Promise<void> {
      await store
        .updateTask({ tenantId, id: taskId, status, ...(statusMessage !== undefined && { statusMessage }) })
        .catch((error: unknown) => {
          throw (error as { code?: string }).code === 'record_not_found' ? notFound(taskId) : error;
        });
    },

    async listTasks(cursor?: string): Promise<{ tasks: Task[]; nextCursor?: string }> {
      const page = await store.listTasks(tenantId, { cursor });
      const at = now().getTime();
      const tasks = page.items
        .filter((record) => record.expiresAt === undefined || record.expiresAt.getTime() >= at)
        .map(toProtocolTask);
      return { tasks, ...(page.nextCursor !== undefined && { nextCursor: page.nextCursor }) };
    },
  };
}
