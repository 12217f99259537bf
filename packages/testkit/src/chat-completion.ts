import type { FakeReply } from './fake-upstream-types.js';

export const defaultReplyText = 'Hello from the fake upstream.';

export interface ResolvedToolCall {
  id: string;
  type: string;
  name: string;
  arguments: string;
}

/** A reply with every default filled in, shared by the JSON and stream shapes. */
export interface ResolvedReply {
  id: string;
  created: number;
  model: string;
  text: string;
  reasoning: string | undefined;
  toolCalls: ResolvedToolCall[];
  finishReason: string;
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
  chunks: number;
}

let completionCount = 0;

/** Fills in a reply's defaults; `promptSize` (request body characters) drives the usage estimate. */
export function resolveReply(
  reply: FakeReply,
  { requestModel, promptSize }: { requestModel: string; promptSize: number },
): ResolvedReply {
  completionCount += 1;
  const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
    id: call.id ?? `call_${index}_fake`,
    type: call.type ?? 'function',
    name: call.name,
    arguments: call.arguments,
  }));
  const text = reply.text ?? (toolCalls.length > 0 ? '' : defaultReplyText);
  const generated =
    text.length +
    (reply.reasoning?.length ?? 0) +
    toolCalls.reduce((sum, call) => sum + call.arguments.length, 0);
  const usage = reply.usage ?? {
    prompt_tokens: Math.max(1, Math.ceil(promptSize / 4)),
    completion_tokens: Math.max(1, Math.ceil(generated / 4)),
  };

  return {
    id: `chatcmpl-fake-${completionCount}`,
    created: Math.floor(Date.now() / 1000),
    model: reply.model ?? requestModel,
    text,
    reasoning: reply.reasoning,
    toolCalls,
    finishReason: reply.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: { ...usage, total_tokens: usage.total_tokens ?? usage.prompt_tokens + usage.completion_tokens },
    chunks: Math.max(1, Math.floor(reply.chunks ?? 3)),
  };
}

/** The OpenAI `chat.completion` object. `content` is null when the model only calls tools. */
export function buildChatCompletion(reply: ResolvedReply): Record<string, unknown> {
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: reply.text === '' && reply.toolCalls.length > 0 ? null : reply.text,
  };
  if (reply.reasoning !== undefined) message.reasoning_content = reply.reasoning;
  if (reply.toolCalls.length > 0) {
    message.tool_calls = reply.toolCalls.map(({ id, type, name, arguments: args }) => ({
      id,
      type,
      function: { name, arguments: args },
    }));
  }
  return {
    id: reply.id,
    object: 'chat.completion',
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, message, finish_reason: reply.finishReason }],
    usage: reply.usage,
  };
}
