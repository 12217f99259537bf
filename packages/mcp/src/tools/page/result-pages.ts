import { RecordExistsError } from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS, type ExaiRuntime } from '../../mcp-server/exai-runtime.js';
import { ensureTenant } from '../../model-turn/ensure-tenant.js';
import { isStoreOutage } from '../../model-turn/turn-not-saved.js';
import { cursorFor, withFooter } from './result-page-text.js';
import { createRecordId } from '@exai/core/internal';

/** Results longer than this many tokens (about four characters each) are paged. */
export const DEFAULT_MAX_RESULT_TOKENS = 20_000;

/** Marks a thread that holds the pages of long results, so thread listings can leave it out. */
export const RESULT_PAGES_KIND = 'result-pages';

/**
 * The thread that holds the pages of every long result of conversation `threadId`: one per
 * conversation, named after it, so whatever deletes the conversation finds its pages without a
 * search (`deleteConversation`), and so reading a page can check that the conversation still
 * exists. Its metadata names the conversation (`threadId`).
 */
export function resultPagesThreadId(threadId: string): string {
  return `${threadId}~result-pages`;
}

export interface PagedText {
  /** The page to return now, ending with a line that says how to get the next one. */
  text: string;
  /** Undefined when the text fitted in one page. */
  nextCursor: string | undefined;
  pageCount: number;
}

interface ResultToStore {
  runtime: ExaiRuntime;
  tenantId: string;
  toolName: string;
  text: string;
  /**
   * The conversation the result belongs to (its `continuation_id`), if any: its pages are then
   * stored with it, expire no later than it and are deleted with it.
   */
  threadId?: string | undefined;
}

/**
 * Splits a long result into pages of at most `maxResultTokens`, stores them (as turns of a thread
 * of the session store, so any replica can serve them and they expire like threads), and returns
 * the first page with a cursor. Text that fits is returned unchanged; nothing is ever cut.
 */
export async function pageResult({ runtime, text, ...rest }: ResultToStore): Promise<PagedText> {
  const pages = splitIntoPages(text, maxPageCharacters(runtime));
  if (pages.length <= 1) return { text, nextCursor: undefined, pageCount: 1 };

  const { holderId, seqs } = await storeResultPages({ runtime, ...rest, pages });
  const nextCursor = cursorFor(holderId, seqs[1] ?? 2);
  return {
    text: withFooter(pages[0] ?? '', 1, pages.length, nextCursor),
    nextCursor,
    pageCount: pages.length,
  };
}

/**
 * `pageResult`, except that a long text whose pages cannot be stored because the store is out
 * (`isStoreOutage`) is returned whole, with a line saying why, rather than lost behind the store's
 * error; the outage is logged (`log`).
 */
export async function pageResultOrWhole({
  signal,
  log,
  ...result
}: ResultToStore & { signal: AbortSignal; log: (line: string) => void }): Promise<PagedText> {
  try {
    return await pageResult(result);
  } catch (error) {
    if (!isStoreOutage(error, signal)) throw error;
    log(
      `exai: warning: ${result.toolName}: returned a long result whole, its pages could not be stored: ` +
        `${error.code}: ${error.message}`,
    );
    return {
      text:
        `${result.text}\n\n(This result is returned whole: it is longer than one page, and its pages ` +
        `could not be stored, the session store being unavailable (${error.code}).)`,
      nextCursor: undefined,
      pageCount: 1,
    };
  }
}

/**
 * Stores `text` as a paged result even when it fits in one page, and returns the cursor of its
 * first page, for text that cannot be returned as the result (e.g. the part of an answer received
 * before the answer size cap).
 */
export async function storeResult({
  runtime,
  text,
  ...rest
}: ResultToStore): Promise<{ firstCursor: string; pageCount: number }> {
  const pages = splitIntoPages(text, maxPageCharacters(runtime));
  const { holderId, seqs } = await storeResultPages({ runtime, ...rest, pages });
  return { firstCursor: cursorFor(holderId, seqs[0] ?? 1), pageCount: pages.length };
}

function maxPageCharacters(runtime: ExaiRuntime): number {
  return (runtime.limits?.maxResultTokens ?? DEFAULT_MAX_RESULT_TOKENS) * 4;
}

/**
 * Appends the pages as turns (each with `{ result, page, pageCount }` in its metadata) to the
 * conversation's pages thread, or, for a result of no conversation, to a thread of its own.
 */
async function storeResultPages({
  runtime,
  tenantId,
  toolName,
  threadId,
  pages,
}: Omit<ResultToStore, 'text'> & { pages: readonly string[] }): Promise<{
  holderId: string;
  seqs: number[];
}> {
  const { store } = runtime;
  await ensureTenant(store, tenantId);
  let expiresAt = new Date(Date.now() + (runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS));
  let holderId: string;
  if (threadId === undefined || threadId === '') {
    const thread = await store.createThread({
      tenantId,
      title: `${toolName} result (${pages.length} pages)`,
      expiresAt,
      metadata: { kind: RESULT_PAGES_KIND, tool: toolName, pageCount: pages.length },
    });
    holderId = thread.id;
  } else {
    // Never outlive the conversation: when it expires, so do the pages of its results.
    const conversation = await store.getThread(tenantId, threadId);
    if (conversation?.expiresAt !== undefined && conversation.expiresAt < expiresAt) {
      expiresAt = conversation.expiresAt;
    }
    holderId = resultPagesThreadId(threadId);
    try {
      await store.createThread({
        tenantId,
        id: holderId,
        title: `results of ${threadId}`,
        expiresAt,
        metadata: { kind: RESULT_PAGES_KIND, threadId },
      });
    } catch (error) {
      // An earlier long result of the conversation (or a parallel call) created it.
      if (!RecordExistsError.isInstance(error)) throw error;
    }
  }
  const result = createRecordId();
  const seqs: number[] = [];
  for (const [index, page] of pages.entries()) {
    const { turn } = await store.appendTurn({
      tenantId,
      threadId: holderId,
      role: 'tool',
      content: page,
      toolName,
      idempotencyKey: `page:${result}:${index}`,
      metadata: { result, page: index + 1, pageCount: pages.length },
      expiresAt,
    });
    seqs.push(turn.seq);
  }
  return { holderId, seqs };
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
