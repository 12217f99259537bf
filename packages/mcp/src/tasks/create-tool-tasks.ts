import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { TaskStore } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ServerCapabilities } from '@modelcontextprotocol/sdk/types.js';
import type { TaskRecord, UpdateTaskResult } from '@exai/core';
import type { AnyExaiTool } from '../tools/define-tool.js';
import type { ExaiRuntime } from '../mcp-server/exai-runtime.js';
import { callerOf } from '../mcp-server/request-caller.js';
import { runningToolTasksOf, type RunningToolTasks } from './running-tool-tasks.js';
import {
  createStoreTaskStore,
  DEFAULT_TASK_POLL_INTERVAL_IN_MS,
  DEFAULT_TASK_TTL_IN_MS,
  MAX_TASK_TTL_IN_MS,
} from './store-task-store.js';
import { installToolTaskCalls, offerToolAsTask, type PlainToolHandler } from './offer-tool-as-task.js';
import { installToolTaskHandlers } from './tool-task-handlers.js';

/** How MCP tasks behave (the `tasks` option of `createExaiServer`). */
export interface ToolTasksOptions {
  /** How long a task and its result are kept when the client asks for no TTL. Default 1 hour. */
  defaultTtlInMs?: number;
  /** The longest a task is kept, whatever the client asks. Default 24 hours. */
  maxTtlInMs?: number;
  /** How often clients are told to poll. Default 2 s. */
  pollIntervalInMs?: number;
}

/** What the task handlers of one MCP server share. */
export interface ToolTasks {
  readonly pollIntervalInMs: number;
  readonly running: RunningToolTasks;
  /** A `TaskStore` for the caller's tenant. */
  storeFor(authInfo: AuthInfo | undefined): TaskStore;
  /** The caller's task, or undefined (missing, another tenant's, or expired). */
  getRecord(taskId: string, authInfo: AuthInfo | undefined): Promise<TaskRecord | undefined>;
  /** Marks the caller's task cancelled and aborts it when it runs here; undefined when not found. */
  cancel(taskId: string, authInfo: AuthInfo | undefined): Promise<UpdateTaskResult | undefined>;
}

/**
 * MCP tasks for exai's model-backed tools (those with `openWorldHint: true`): each is offered with
 * `execution.taskSupport: 'optional'`, so a client may start a call as a task, disconnect, and
 * later fetch its status and result — from any process sharing the session store. Calls made
 * without a task run exactly as before.
 */
export function createToolTasks(
  runtime: ExaiRuntime,
  {
    localTenantId,
    log,
    defaultTtlInMs = DEFAULT_TASK_TTL_IN_MS,
    maxTtlInMs = MAX_TASK_TTL_IN_MS,
    pollIntervalInMs = DEFAULT_TASK_POLL_INTERVAL_IN_MS,
  }: ToolTasksOptions & { localTenantId: string; log: (line: string) => void },
) {
  const { store } = runtime;
  const running = runningToolTasksOf(runtime);
  const tenantOf = (authInfo: AuthInfo | undefined) => callerOf(authInfo, localTenantId).tenantId;
  const storeFor = (authInfo: AuthInfo | undefined) =>
    createStoreTaskStore({
      store,
      tenantId: tenantOf(authInfo),
      defaultTtlInMs,
      maxTtlInMs,
      pollIntervalInMs,
    });

  const tasks: ToolTasks = {
    pollIntervalInMs,
    running,
    storeFor,
    async getRecord(taskId, authInfo) {
      const record = await store.getTask(tenantOf(authInfo), taskId);
      if (record?.expiresAt !== undefined && record.expiresAt.getTime() < Date.now()) return undefined;
      return record;
    },
    async cancel(taskId, authInfo) {
      if ((await tasks.getRecord(taskId, authInfo)) === undefined) return undefined;
      const outcome = await store.updateTask({
        tenantId: tenantOf(authInfo),
        id: taskId,
        status: 'cancelled',
        statusMessage: 'Cancelled by the client.',
      });
      if (outcome.updated && running.abort(taskId, 'The client cancelled the task.')) {
        log(`exai: task ${taskId} cancelled; its upstream call was aborted`);
      }
      return outcome;
    },
  };

  const plainHandlers = new Map<string, { tool: AnyExaiTool; handler: PlainToolHandler }>();

  return {
    /** Server capabilities to declare: tasks for `tools/call`, with list and cancel. */
    capabilities: {
      tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
    } satisfies ServerCapabilities,
    /**
     * The SDK-level task store the `McpServer` is built with. exai answers every `tasks/*` request
     * itself, for the caller's tenant (see tool-task-handlers.ts), so this one serves only the
     * SDK's own bookkeeping, for the local tenant.
     */
    serverTaskStore: storeFor(undefined),
    /**
     * Re-registers a model-backed tool with `taskSupport: 'optional'` and returns true; other tools
     * stay as they are (false).
     */
    offer(server: McpServer, tool: AnyExaiTool, registered: RegisteredTool): boolean {
      if (tool.annotations.openWorldHint !== true) return false;
      const handler = offerToolAsTask(server, tool, registered, { tasks, store, tenantOf, log });
      plainHandlers.set(tool.name, { tool, handler });
      return true;
    },
    /** Installs the `tasks/*` handlers and routes plain calls of task tools around the SDK's polling. */
    install(server: McpServer): void {
      installToolTaskCalls(server, plainHandlers);
      installToolTaskHandlers(server, tasks);
    },
  };
}
