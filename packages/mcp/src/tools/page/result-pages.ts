import { randomUUID } from 'node:crypto';
import { InvalidArgumentError, RecordNotFoundError } from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS, type ExaiRuntime } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';

/** Results longer than this many tokens (about four characters each) are paged. */
export const DEFAULT_MAX_RESULT_TOKENS = 20_000;

/** Marks a thread that holds the pages of one long result, so thread listings can leave it out. */
export const RESULT_PAGES_KIND = 'result-pages';

export interface PagedText {
  /** The page to return now, ending with a line that says how to get the next one. */
  text: string;
  /** Undefined when the text fitted in one page. */
  nextCursor: string | undefined;
  pageCount: number;
}

/**
 * Splits a long result into pages of at most `maxTokens`, stores them (as a thread of the session
 * store, so any replica can serve them and they expire like threads), and returns the first page
 * with a cursor. Text that fits is returned unchanged; nothing is ever cut.
 */
export async function pageResult({
  runtime,
  tenantId,
  toolName,
  text,
}: {
  runtime: ExaiRuntime;
  tenantId: string;
  toolName: string;
  text: string;
}): Promise<PagedText> {
  const maxTokens = runtime.limits?.maxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS;
  const pages = splitIntoPages(text, maxTokens * 4);
  if (pages.length <= 1) return { text, nextCursor: undefined, pageCount: 1 };

  const stored = await storeResultPages({ runtime, tenantId, toolName, pages });
  const nextCursor = cursorFor(stored.threadId, 2);
  return {
    text: withFooter(pages[0] ?? '', 1, pages.length, nextCursor),
    nextCursor,
    pageCount: pages.length,
  };
}

/**
 * Stores `text` as a paged result even when it fits in one page, and returns the cursor of its
 * first page, for text that cannot be returned as the result (e.g. the part of an answer received
 * before the answer size cap).
 */
export async function storeResult({
  runtime,
  tenantId,
  toolName,
  text,
}: {
  runtime: ExaiRuntime;
  tenantId: string;
  toolName: string;
  text: string;
}): Promise<{ firstCursor: string; pageCount: number }> {
  const maxTokens = runtime.limits?.maxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS;
  const pages = splitIntoPages(text, maxTokens * 4);
  const stored = await storeResultPages({ runtime, tenantId, toolName, pages });
  return { firstCursor: cursorFor(stored.threadId, 1), pageCount: pages.length };
}

async function storeResultPages({
  runtime,
  tenantId,
  toolName,
  pages,
}: {
  runtime: ExaiRuntime;
  tenantId: string;
  toolName: string;
  pages: readonly string[];
}): Promise<{ threadId: string }> {
  const { store } = runtime;
  await ensureTenant(store, tenantId);
  const expiresAt = new Date(Date.now() + (runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS));
  const thread = await store.createThread({
    tenantId,
    title: `${toolName} result (${pages.length} pages)`,
    expiresAt,
    metadata: { kind: RESULT_PAGES_KIND, tool: toolName, pageCount: pages.length },
  });
  const batch = randomUUID();
  for (const [index, page] of pages.entries()) {
    await store.appendTurn({
      tenantId,
      threadId: thread.id,
      role: 'tool',
      content: page,
      toolName,
      idempotencyKey: `page:${batch}:${index}`,
      expiresAt,
    });
  }
  return { threadId: thread.id };
}

/** Page `n` (from 1) of a stored result, by the cursor the previous page gave. */
export async function readResultPage({
  runtime,
  tenantId,
  cursor,
}: {
  runtime: ExaiRuntime;
  tenantId: string;
  cursor: string;
}): Promise<PagedText & { page: number }> {
  const match = /^([^:]+):(\d+)$/.exec(cursor);
  if (!match) {
    throw new InvalidArgumentError({
      argument: 'cursor',
      message: `"${cursor}" is not a page cursor; pass the cursor exactly as the previous page gave it.`,
    });
  }
  const threadId = match[1] ?? '';
  const page = Number(match[2]);
  const thread = await runtime.store.getThread(tenantId, threadId);
  if (thread === undefined || thread.metadata.kind !== RESULT_PAGES_KIND) {
    throw new RecordNotFoundError({
      recordType: 'result',
      recordId: threadId,
      message: `No stored result for cursor "${cursor}" (it may have expired); run the tool again.`,
    });
  }
  const pageCount = thread.turnCount;
  if (page < 1 || page > pageCount) {
    throw new InvalidArgumentError({
      argument: 'cursor',
      message: `The result has ${pageCount} pages; cursor "${cursor}" asks for page ${page}.`,
    });
  }
  const [turn] = await runtime.store.listTurns(tenantId, threadId, { afterSeq: page - 1, limit: 1 });
  const nextCursor = page < pageCount ? cursorFor(threadId, page + 1) : undefined;
  return { text: withFooter(turn?.content ?? '', page, pageCount, nextCursor), nextCursor, pageCount, page };
}

function cursorFor(threadId: string, page: number): string {
  return `${threadId}:${page}`;
}

function withFooter(text: string, page: number, pageCount: number, nextCursor: string | undefined): string {
  const footer =
    nextCursor === undefined
      ? `[page ${page} of ${pageCount}: the end of the result]`
      : `[page ${page} of ${pageCount}: call the page tool with cursor "${nextCursor}" for the next page]`;
  return `${text}\n\n${footer}`;
}

/** Pages of at most `maxCharacters`, broken at the last line end inside each page when there is one. */
export function splitIntoPages(text: string, maxCharacters: number): string[] {
  if (text.length <= maxCharacters) return [text];
  const pages: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(start + maxCharacters, text.length);
    if (end < text.length) {
      const lineEnd = text.lastIndexOf('\n', end - 1);
      if (lineEnd > start + maxCharacters / 2) end = lineEnd + 1;
    }
    pages.push(text.slice(start, end));
    start = end;
  }
  return pages;
}
