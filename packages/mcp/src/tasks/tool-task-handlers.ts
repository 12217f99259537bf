import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  CancelTaskRequestSchema,
  ErrorCode,
  GetTaskPayloadRequestSchema,
  GetTaskRequestSchema,
  ListTasksRequestSchema,
  McpError,
  RELATED_TASK_META_KEY,
  type Result,
} from '@modelcontextprotocol/sdk/types.js';
import { terminalTaskStatuses, type TaskRecord } from '@exai/core';
import type { ToolTasks } from './create-tool-tasks.js';
import { toProtocolTask } from './store-task-store.js';

type Extra = Parameters<Parameters<McpServer['server']['setRequestHandler']>[1]>[1];

function notFound(taskId: string): McpError {
  return new McpError(ErrorCode.InvalidParams, `Task not found: ${taskId} (it may have expired)`);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new McpError(ErrorCode.InvalidRequest, 'Request cancelled'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new McpError(ErrorCode.InvalidRequest, 'Request cancelled'));
      },
      { once: true },
    );
  });
}

/** The stored result a terminal task answers `tasks/result` with. */
function finalResult(record: TaskRecord): Result {
  const result: Result =
    (record.result as Result | undefined) ??
    ({
      isError: true,
      content: [
        {
          type: 'text',
          text: `cancelled: ${record.statusMessage ?? 'The task was cancelled.'} It has no result; start the call again if it is still needed.`,
        },
      ],
    } as Result);
  return { ...result, _meta: { ...result._meta, [RELATED_TASK_META_KEY]: { taskId: record.id } } };
}

/**
 * `tasks/get`, `tasks/result`, `tasks/list` and `tasks/cancel`, answered from the session store for
 * the caller's tenant (the SDK's own handlers would scope tasks by MCP session, which a client
 * that reconnects, or reaches another replica, no longer has).
 */
export function installToolTaskHandlers(server: McpServer, tasks: ToolTasks): void {
  const protocol = server.server;

  async function liveTask(taskId: string, extra: Extra): Promise<TaskRecord> {
    const record = await tasks.getRecord(taskId, extra.authInfo);
    if (record === undefined) throw notFound(taskId);
    return record;
  }

  protocol.setRequestHandler(GetTaskRequestSchema, async (request, extra) => {
    return toProtocolTask(await liveTask(request.params.taskId, extra));
  });

  protocol.setRequestHandler(GetTaskPayloadRequestSchema, async (request, extra) => {
    for (;;) {
      const record = await liveTask(request.params.taskId, extra);
      if (terminalTaskStatuses.includes(record.status)) return finalResult(record);
      await sleep(record.pollIntervalInMs ?? tasks.pollIntervalInMs, extra.signal);
    }
  });

  protocol.setRequestHandler(ListTasksRequestSchema, async (request, extra) => {
    const { tasks: list, nextCursor } = await tasks
      .storeFor(extra.authInfo)
      .listTasks(request.params?.cursor)
      .catch((error: unknown) => {
        throw new McpError(ErrorCode.InvalidParams, `Failed to list tasks: ${(error as Error).message}`);
      });
    return { tasks: list, ...(nextCursor !== undefined && { nextCursor }), _meta: {} };
  });

  protocol.setRequestHandler(CancelTaskRequestSchema, async (request, extra) => {
    const { taskId } = request.params;
    const cancelled = await tasks.cancel(taskId, extra.authInfo);
    if (cancelled === undefined) throw notFound(taskId);
    if (!cancelled.updated) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Cannot cancel task in terminal status: ${cancelled.task.status}`,
      );
    }
    return { ...toProtocolTask(cancelled.task), _meta: {} };
  });
}
