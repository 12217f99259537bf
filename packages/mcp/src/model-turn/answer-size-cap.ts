import { AnswerTooLargeError } from '@exai/core';
import { DEFAULT_MAX_ANSWER_BYTES } from '../mcp-server/exai-runtime.js';
import { storeResult } from '../tools/page/result-pages.js';
import type { ToolContext } from '../tools/tool-context.js';

/** How the cap is raised, as the error names it. */
const capOption =
  'the maxAnswerBytes limit (EXAI_MAX_ANSWER_BYTES, or conversations.maxAnswerBytes in exai.config.json)';

/** The cap on one answer's text in UTF-8 bytes: the runtime's `maxAnswerBytes`, default 2 MiB. */
export function maxAnswerBytesOf(context: Pick<ToolContext, 'runtime'>): number {
  return context.runtime.limits?.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES;
}

/** The longest start of `text` within `maxBytes` UTF-8 bytes, never splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Back up to the first byte of a character (continuation bytes are 10xxxxxx).
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end -= 1;
  return bytes.subarray(0, end).toString('utf8');
}

/**
 * The error for an answer cut at the cap, after the part received is stored as a paged result
 * (so any replica's `page` tool serves it, and it expires like a thread; with the conversation
 * `threadId` when the call continued one, so it is deleted with it). The conversation is not
 * extended: the cut answer is not a turn of the thread.
 */
export async function answerTooLarge(
  context: Pick<ToolContext, 'runtime' | 'tenantId'>,
  {
    toolName,
    partial,
    maxBytes,
    threadId,
  }: { toolName: string; partial: string; maxBytes: number; threadId?: string | undefined },
): Promise<AnswerTooLargeError> {
  const { firstCursor, pageCount } = await storeResult({
    runtime: context.runtime,
    tenantId: context.tenantId,
    toolName,
    text: partial,
    threadId,
  });
  const bytes = Buffer.byteLength(partial, 'utf8');
  const pages = pageCount === 1 ? '1 page' : `${pageCount} pages`;
  return new AnswerTooLargeError({
    maxBytes,
    option: capOption,
    kept: `The first ${bytes} bytes are kept (${pages}): call the page tool with cursor "${firstCursor}".`,
  });
}
