import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CallToolRequestSchema, ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { AnyExaiTool } from '../tools/define-tool.js';
import { toolCatalogue } from '../tool-catalogue/tool-catalogue.js';

type RequestHandler = (request: unknown, extra: unknown) => Promise<unknown>;

/** `temperature: expected number, received string` for each problem, joined by `; `. */
export function describeParamsIssues(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) => {
      const path = issue.path.map(String).join('.');
      const message = issue.message.replace(/^Invalid input: /, '');
      return path === '' ? message : `${path}: ${message}`;
    })
    .join('; ');
}

/**
 * One mapping for every tool, over every transport (see docs/decisions/0010-invalid-params.md):
 * - a `tools/call` whose `params` are malformed (no `name`, `arguments` not an object) is answered
 *   with the JSON-RPC error -32602 (Invalid params) and a message naming each field and what was
 *   expected, rather than -32603 with a raw validation dump;
 * - a tool this server does not offer is a tool result with `isError: true` that names the tools it
 *   does offer, and for an exai tool left out by the profile, how to offer it (`invalid_argument`);
 * - arguments that do not match the tool's input schema stay a tool result with `isError: true`
 *   (so the calling model can correct itself), reading `invalid_argument: Invalid arguments for
 *   tool chat: temperature: expected number, received string.` like every other tool error.
 * Installed after the tools are registered.
 */
export function installInvalidParamsMapping(server: McpServer, tools: readonly AnyExaiTool[]): void {
  // The SDK offers no hook before its own parsing of `tools/call` (which answers -32603), so the
  // mapping wraps its registered handler.
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, RequestHandler> })
    ._requestHandlers;
  const original = handlers.get('tools/call');
  if (original === undefined) return;
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  handlers.set('tools/call', async function handleToolsCall(request, extra) {
    // The SDK parses the request again: the full schema is only run here when the request is not
    // plainly well-formed, to word its error.
    if (!isPlainToolsCall(request)) {
      const parsed = CallToolRequestSchema.safeParse(request);
      if (!parsed.success) {
        throw new McpError(
          ErrorCode.InvalidParams,
          `Invalid params for tools/call: ${describeParamsIssues(parsed.error.issues)}.`,
        );
      }
    }
    const requested = (request as { params?: { name?: unknown } }).params?.name;
    if (typeof requested === 'string' && !byName.has(requested)) return unknownToolResult(requested, tools);
    const result = await original(request, extra);
    // Arguments are validated once, by the SDK, which answers a mismatch with a tool error of its
    // own wording (and runs nothing); only then are they parsed again, to word it as exai does.
    if (!isSdkInputValidationError(result)) return result;
    const { name, arguments: input } = (request as { params: { name: string; arguments?: unknown } }).params;
    const tool = byName.get(name);
    if (tool === undefined) return result;
    const checked = await (tool.inputSchema as z.ZodObject).safeParseAsync(input ?? {});
    if (checked.success) return result;
    const text = `invalid_argument: Invalid arguments for tool ${name}: ${describeParamsIssues(checked.error.issues)}.`;
    return { isError: true, content: [{ type: 'text', text }] };
  });
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A `tools/call` that `CallToolRequestSchema` certainly accepts: a tool name, arguments that are
 * an object if present, and none of the optional parts (`_meta`, `task`) whose shapes it checks.
 */
function isPlainToolsCall(request: unknown): boolean {
  if (!isPlainObject(request) || !isPlainObject(request.params)) return false;
  const { name, arguments: input, _meta, task } = request.params;
  return (
    typeof name === 'string' &&
    (input === undefined || isPlainObject(input)) &&
    _meta === undefined &&
    task === undefined
  );
}

/** The tool error the SDK's `McpServer` answers arguments that fail the input schema with. */
function isSdkInputValidationError(result: unknown): boolean {
  if (!isPlainObject(result) || result.isError !== true || !Array.isArray(result.content)) return false;
  const first: unknown = result.content[0];
  return (
    isPlainObject(first) &&
    typeof first.text === 'string' &&
    first.text.includes('Input validation error: Invalid arguments for tool ')
  );
}

function isValidationError(error: unknown): error is { issues: z.core.$ZodIssue[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}

/**
 * The same mapping for every other request the server handles (`initialize`, `prompts/get`,
 * `logging/setLevel` …): the SDK parses the params before calling the handler and answers a
 * mismatch with -32603 and the raw issue list; here it is -32602 naming each field. Only that
 * parse is mapped (it throws before the handler runs); errors of the handlers themselves pass.
 * Installed last, once every handler is registered.
 */
export function installParamsErrorMapping(server: McpServer): void {
  const handlers = (server.server as unknown as { _requestHandlers: Map<string, RequestHandler> })
    ._requestHandlers;
  for (const [method, original] of handlers) {
    if (method === 'tools/call') continue;
    handlers.set(method, function handleWithParamsChecked(request, extra) {
      try {
        return original(request, extra);
      } catch (error) {
        if (!isValidationError(error)) throw error;
        throw new McpError(
          ErrorCode.InvalidParams,
          `Invalid params for ${method}: ${describeParamsIssues(error.issues)}.`,
        );
      }
    });
  }
}

/** The answer to a `tools/call` of a tool this server does not offer, saying what it does offer. */
function unknownToolResult(name: string, tools: readonly AnyExaiTool[]): unknown {
  const offered = tools.map((tool) => tool.name).join(', ');
  const shipped = toolCatalogue.some((entry) => entry.name === name) ? name : undefined;
  const text =
    shipped === undefined
      ? `invalid_argument: No tool named "${name}" on this server; it offers ${offered}.`
      : `invalid_argument: The tool "${name}" is not offered by this server: its tool profile or ` +
        `EXAI_TOOLS_DISABLED leaves it out. Offer it with --profile full or EXAI_TOOLS_ENABLED=${name}. ` +
        `This server offers ${offered}.`;
  return { isError: true, content: [{ type: 'text', text }] };
}
