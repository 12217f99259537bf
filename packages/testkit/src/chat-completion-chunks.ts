import type { ResolvedReply } from './chat-completion.js';
import type { SseEvents } from './outgoing-response.js';

/** Splits text into at most `parts` pieces of whole code points (never inside a surrogate pair). */
export function splitText(text: string, parts: number): string[] {
  const characters = Array.from(text);
  if (characters.length === 0) return [];
  const count = Math.min(parts, characters.length);
  const size = Math.ceil(characters.length / count);
  const pieces: string[] = [];
  for (let start = 0; start < characters.length; start += size) {
    pieces.push(characters.slice(start, start + size).join(''));
  }
  return pieces;
}

/**
 * The OpenAI `chat.completion.chunk` payloads of a reply: a role chunk, reasoning deltas, content
 * deltas, tool calls (a header delta with id and name, then argument fragments), and a final chunk
 * with `finish_reason` and `usage`.
 */
export function buildChatCompletionChunks(reply: ResolvedReply): SseEvents {
  const chunk = (
    delta: Record<string, unknown>,
    finishReason: string | null = null,
  ): Record<string, unknown> => ({
    id: reply.id,
    object: 'chat.completion.chunk',
    created: reply.created,
    model: reply.model,
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  });

  const chunks = [chunk({ role: 'assistant', content: '' })];
  for (const piece of splitText(reply.reasoning ?? '', reply.chunks)) {
    chunks.push(chunk({ reasoning_content: piece }));
  }
  for (const piece of splitText(reply.text, reply.chunks)) {
    chunks.push(chunk({ content: piece }));
  }
  for (const [index, call] of reply.toolCalls.entries()) {
    chunks.push(
      chunk({
        tool_calls: [{ index, id: call.id, type: call.type, function: { name: call.name, arguments: '' } }],
      }),
    );
    for (const fragment of splitText(call.arguments, reply.chunks)) {
      chunks.push(chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }));
    }
  }
  const finish = { ...chunk({}, reply.finishReason), usage: reply.usage };

  return {
    chunks: chunks.map((value) => JSON.stringify(value)),
    finish: [JSON.stringify(finish)],
  };
}
