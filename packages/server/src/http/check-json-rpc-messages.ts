import { JSONRPCMessageSchema } from '@modelcontextprotocol/sdk/types.js';
import { jsonRpcErrorCode } from './json-rpc-error.js';

/** Why a parsed body cannot be run, as the JSON-RPC error to answer with. */
export interface InvalidMessages {
  code: number;
  message: string;
  id: string | number | null;
}

const MAX_SHOWN = 80;

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    // JSON.parse takes nesting that JSON.stringify overflows the stack on.
    return `${kind(value)} nested too deeply to show`;
  }
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text;
}

/** What is wrong with one message's envelope, or undefined when only its params can be. */
function envelopeProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `a JSON-RPC message must be an object, got ${kind(value)} (${shown(value)})`;
  }
  const message = value as Record<string, unknown>;
  if (message.jsonrpc !== '2.0') return `"jsonrpc" must be "2.0", got ${shown(message.jsonrpc)}`;
  if ('id' in message && typeof message.id !== 'string' && !Number.isInteger(message.id)) {
    return `"id" must be a string or an integer, got ${shown(message.id)}`;
  }
  if ('result' in message || 'error' in message) {
    return 'a response must have an "id", and an object "result" or an "error" with an integer "code" and a string "message"';
  }
  if (message.method === undefined) return 'a request or notification needs a string "method"';
  if (typeof message.method !== 'string') return `"method" must be a string, got ${shown(message.method)}`;
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What is wrong with a request's `params`, as the MCP schema reads them, or undefined. */
function paramsProblem(params: unknown): string | undefined {
  if (params === undefined) return undefined;
  if (!isObject(params)) return `params must be an object, got ${kind(params)}`;
  const meta = params._meta;
  if (meta === undefined) return undefined;
  if (!isObject(meta)) return `params._meta must be an object, got ${kind(meta)}`;
  const token = meta.progressToken;
  if (token !== undefined && typeof token !== 'string' && !Number.isInteger(token)) {
    return `params._meta.progressToken must be a string or an integer, got ${shown(token)}`;
  }
  return undefined;
}

/**
 * Refuses, before any message runs, a body that is valid JSON but not JSON-RPC: a wrong envelope
 * (not an object, `jsonrpc` not "2.0", an `id` that is not a string or integer, no string
 * `method`, a malformed response) is -32600 Invalid Request; a request whose `params` (or
 * `params._meta`) is not an object is -32602 Invalid params, with the request's id. Each message
 * names what is wrong. Requests are checked by hand; only responses go through the SDK's schema.
 */
export function checkJsonRpcMessages(body: unknown): InvalidMessages | undefined {
  const list = Array.isArray(body) ? (body as unknown[]) : [body];
  const where = (index: number) => (Array.isArray(body) ? `message ${index + 1} of the batch: ` : '');
  // Every envelope first: a batch with any message that is not JSON-RPC is an Invalid Request.
  for (const [index, item] of list.entries()) {
    const problem = envelopeProblem(item);
    if (problem === undefined) continue;
    const validResponse =
      isObject(item) && ('result' in item || 'error' in item) && JSONRPCMessageSchema.safeParse(item).success;
    if (validResponse) continue;
    return {
      code: jsonRpcErrorCode.invalidRequest,
      message: `Invalid Request: ${where(index)}${problem}`,
      id: null,
    };
  }
  for (const [index, item] of list.entries()) {
    if (!isObject(item) || typeof item.method !== 'string') continue;
    const wrongParams = paramsProblem(item.params);
    if (wrongParams === undefined) continue;
    const id = typeof item.id === 'string' || typeof item.id === 'number' ? item.id : null;
    return {
      code: jsonRpcErrorCode.invalidParams,
      message: `Invalid params for ${item.method.slice(0, MAX_SHOWN)}: ${where(index)}${wrongParams}`,
      id,
    };
  }
  return undefined;
}
