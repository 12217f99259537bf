import type { McpServer, RegisteredTool } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { CreateTaskRequestHandlerExtra } from '@modelcontextprotocol/sdk/experimental/tasks/interfaces.js';
import type { CallToolResult, ServerNotification } from '@modelcontextprotocol/sdk/types.js';
import type { SessionStoreV1 } from '@exai/core';
import type { z } from 'zod';
import type { AnyExaiTool } from '../tools/define-tool.js';
import { toolErrorResult } from '../mcp-server/tool-error-result.js';
import type { ToolTasks } from './create-tool-tasks.js';

/** A tool's ordinary `tools/call` handler, as `registerTool` was given it. */
export type PlainToolHandler = (input: unknown, extra: unknown) => Promise<CallToolResult>;

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

interface OfferContext {
  tasks: ToolTasks;
  store: SessionStoreV1;
  tenantOf: (authInfo: AuthInfo | undefined) => string;
  log: (line: string) => void;
}

/**
 * Replaces a registered tool by the same tool registered with `registerToolTask` and
 * `taskSupport: 'optional'`. Its `createTask` stores the task, starts the call in the background
 * (it outlives the request and the session) and answers at once; the call's progress becomes
 * the task's status message, and its result is stored when it ends. Returns the plain handler.
 */
export function offerToolAsTask(
  server: McpServer,
  tool: AnyExaiTool,
  registered: RegisteredTool,
  { tasks, store, tenantOf, log }: OfferContext,
): PlainToolHandler {
  const plain = registered.handler as unknown as PlainToolHandler;
  const { title, description, inputSchema, outputSchema, annotations, _meta } = registered;
  registered.remove();
  server.experimental.tasks.registerToolTask(
    tool.name,
    {
      title,
      description,
      inputSchema: inputSchema as z.ZodObject,
      ...(outputSchema !== undefined && { outputSchema: outputSchema as z.ZodObject }),
      annotations,
      ...(_meta !== undefined && { _meta }),
      execution: { taskSupport: 'optional' },
    },
    {
      async createTask(input: unknown, extra: CreateTaskRequestHandlerExtra) {
        const tenantId = tenantOf(extra.authInfo);
        const taskStore = tasks.storeFor(extra.authInfo);
        const task = await taskStore.createTask({ ttl: extra.taskRequestedTtl }, extra.requestId, {
          method: 'tools/call',
          params: { name: tool.name, arguments: input as Record<string, unknown> },
        });
        const controller = new AbortController();
        // The request is answered as soon as the task exists, so nothing of the background call goes
        // to its stream (a pooled stateless server may serve another client by then): its progress
        // becomes the task's status message instead.
        const sendNotification = async (notification: ServerNotification): Promise<void> => {
          if (notification.method !== 'notifications/progress') return;
          const { progress, total, message } = notification.params;
          const statusMessage = message ?? `progress ${progress}${total === undefined ? '' : ` of ${total}`}`;
          const outcome = await store
            .updateTask({ tenantId, id: task.taskId, status: 'working', statusMessage })
            .catch(() => undefined);
          // A cancel that reached another process shows here as a status this process did not set.
          if (outcome?.updated === false && outcome.task.status === 'cancelled') {
            tasks.running.abort(task.taskId, 'The client cancelled the task.');
          }
        };
        const background = {
          ...extra,
          signal: controller.signal,
          _meta: { progressToken: `task:${task.taskId}` },
          sendNotification,
        };
        const done = (async () => {
          let result: CallToolResult;
          try {
            result = await plain(input, background);
          } catch (error) {
            result = toolErrorResult(error, controller.signal);
          }
          // Aborted by this process (a cancel, the server stopping): the result says why.
          const reason: unknown = controller.signal.aborted ? controller.signal.reason : undefined;
          if (reason instanceof Error) {
            result = { isError: true, content: [{ type: 'text', text: `aborted: ${reason.message}` }] };
          }
          const first = result.content[0];
          const failure =
            result.isError === true && first?.type === 'text' ? first.text.slice(0, 500) : undefined;
          const outcome = await store.updateTask({
            tenantId,
            id: task.taskId,
            status: result.isError === true ? 'failed' : 'completed',
            ...(failure !== undefined && { statusMessage: failure }),
            result: result as Record<string, unknown>,
          });
          log(`exai: task ${task.taskId} (${tool.name}) ended ${outcome.task.status}`);
        })().catch((error: unknown) =>
          log(`exai: task ${task.taskId} could not store its outcome: ${String(error)}`),
        );
        tasks.running.add(task.taskId, controller, done);
        return { task };
      },
      async getTask(_input: unknown, extra) {
        const task = await tasks.storeFor(extra.authInfo).getTask(extra.taskId);
        if (task === null) throw new Error(`Task not found: ${extra.taskId}`);
        return task;
      },
      async getTaskResult(_input: unknown, extra) {
        return (await tasks.storeFor(extra.authInfo).getTaskResult(extra.taskId)) as CallToolResult;
      },
    },
  );
  return plain;
}

/**
 * A `tools/call` without a task, for a tool offered with `taskSupport: 'optional'`, runs its
 * plain handler directly: the SDK would otherwise turn it into a task and poll the store for it.
 * Wraps the SDK's `tools/call` handler (it offers no hook for this).
 */
export function installToolTaskCalls(
  server: McpServer,
  plainHandlers: ReadonlyMap<string, { tool: AnyExaiTool; handler: PlainToolHandler }>,
): void {
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, RequestHandler> })
    ._requestHandlers;
  const original = handlers.get('tools/call');
  if (original === undefined || plainHandlers.size === 0) return;
  handlers.set('tools/call', async function handleToolsCallWithoutTask(request, extra) {
    const params = (request as { params?: { name?: unknown; arguments?: unknown; task?: unknown } }).params;
    const entry = typeof params?.name === 'string' ? plainHandlers.get(params.name) : undefined;
    if (entry === undefined || params === undefined || params.task !== undefined)
      return original(request, extra);
    const parsed = await (entry.tool.inputSchema as z.ZodObject).safeParseAsync(params.arguments ?? {});
    if (!parsed.success) return original(request, extra);
    return entry.handler(parsed.data, extra);
  });
}
