import type { FakeReply } from './fake-upstream-types.js';

export const webSearchToolName = '$web_search';

/** Kimi's first answer to a request offering `$web_search`: "run the search and send me the result". */
export const webSearchBuiltinReply: FakeReply = {
  text: '',
  toolCalls: [
    {
      id: 'call_search_1',
      type: 'builtin_function',
      name: webSearchToolName,
      arguments: JSON.stringify({ search_result: { search_id: 'fake' }, usage: { total_tokens: 42 } }),
    },
  ],
  finishReason: 'tool_calls',
};

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function offersWebSearch(tools: unknown): boolean {
  return (
    Array.isArray(tools) &&
    tools.some(
      (tool) =>
        isRecord(tool) &&
        tool.type === 'builtin_function' &&
        isRecord(tool.function) &&
        tool.function.name === webSearchToolName,
    )
  );
}

/**
 * Whether a chat request offers Kimi's `$web_search` builtin and no `tool` message answers a
 * `$web_search` call yet (matched by the tool message's `name` or by its `tool_call_id`).
 */
export function isWebSearchBuiltinPending(body: Record<string, unknown>): boolean {
  if (!offersWebSearch(body.tools) || !Array.isArray(body.messages)) return false;
  const messages = body.messages.filter(isRecord);
  const searchCallIds = new Set<unknown>();
  for (const message of messages) {
    if (message.role !== 'assistant' || !Array.isArray(message.tool_calls)) continue;
    for (const call of message.tool_calls) {
      if (isRecord(call) && isRecord(call.function) && call.function.name === webSearchToolName) {
        searchCallIds.add(call.id);
      }
    }
  }
  const answered = messages.some(
    (message) =>
      message.role === 'tool' &&
      (message.name === webSearchToolName || searchCallIds.has(message.tool_call_id)),
  );
  return !answered;
}
