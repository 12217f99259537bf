import { InvalidArgumentError, RecordNotFoundError, type ThreadRecord, type TurnRecord } from '@exai/core';
import type { ExaiRuntime } from '../../mcp-server/exai-runtime.js';
import { RESULT_PAGES_KIND, type PagedText } from './result-pages.js';
import { cursorFor, parseCursor, withFooter } from './result-page-text.js';

/** How many turns to read at a time while looking for the next page of a result. */
const SCAN_SIZE = 50;

/**
 * The page a cursor names. A page is served only while its thread and the conversation it belongs
 * to both exist and have not expired, so a deleted or expired conversation's results are gone at
 * once, whichever path deleted it and before any sweep removes the pages themselves.
 */
export async function readResultPage({
  runtime,
  tenantId,
  cursor,
}: {
  runtime: ExaiRuntime;
  tenantId: string;
  cursor: string;
}): Promise<PagedText & { page: number }> {
  const parsed = parseCursor(cursor);
  if (parsed === undefined) {
    throw new InvalidArgumentError({
      argument: 'cursor',
      message: `"${cursor}" is not a page cursor; pass the cursor exactly as the previous page gave it.`,
    });
  }
  const { store } = runtime;
  const { holderId, seq } = parsed;
  const gone = (why = 'it may have expired') =>
    new RecordNotFoundError({
      recordType: 'result',
      recordId: holderId,
      message: `No stored result for cursor "${cursor}" (${why}); run the tool again.`,
    });
  const now = new Date();
  const holder = await store.getThread(tenantId, holderId);
  if (holder === undefined || holder.metadata.kind !== RESULT_PAGES_KIND || expired(holder, now))
    throw gone();
  const owner = holder.metadata.threadId;
  if (typeof owner === 'string') {
    const conversation = await store.getThread(tenantId, owner);
    if (conversation === undefined || expired(conversation, now)) {
      throw gone(`the conversation ${owner} it belongs to was deleted or has expired`);
    }
  }
  const noPage = () =>
    new InvalidArgumentError({
      argument: 'cursor',
      message: `The stored result has no page at cursor "${cursor}"; pass the cursor exactly as the previous page gave it.`,
    });
  if (seq < 1) throw noPage();
  const [turn, following] = await store.listTurns(tenantId, holderId, { afterSeq: seq - 1, limit: 2 });
  if (turn === undefined || turn.seq !== seq) throw noPage();
  const position = positionOf(turn, holder);
  const nextSeq =
    position.page < position.pageCount
      ? await nextPageSeq(runtime, tenantId, turn, position, following)
      : undefined;
  const nextCursor = nextSeq === undefined ? undefined : cursorFor(holderId, nextSeq);
  return {
    text: withFooter(turn.content, position.page, position.pageCount, nextCursor),
    nextCursor,
    pageCount: position.pageCount,
    page: position.page,
  };
}

function expired(thread: ThreadRecord, now: Date): boolean {
  return thread.expiresAt !== undefined && thread.expiresAt < now;
}

interface PagePosition {
  /** Which result the page is part of; undefined on a thread that holds a single result. */
  result: string | undefined;
  page: number;
  pageCount: number;
}

/** Where a page stands in its result: from its metadata, else (one result per thread) its `seq`. */
function positionOf(turn: TurnRecord, holder: ThreadRecord): PagePosition {
  const { result, page, pageCount } = turn.metadata;
  if (typeof result === 'string' && typeof page === 'number' && typeof pageCount === 'number') {
    return { result, page, pageCount };
  }
  return { result: undefined, page: turn.seq, pageCount: holder.turnCount };
}

/**
 * The `seq` of the next page of the same result: usually the next turn, but results of parallel
 * calls on one conversation may interleave, so later turns are read until it turns up.
 */
async function nextPageSeq(
  runtime: ExaiRuntime,
  tenantId: string,
  turn: TurnRecord,
  position: PagePosition,
  following: TurnRecord | undefined,
): Promise<number | undefined> {
  if (position.result === undefined) return turn.seq + 1;
  const isNext = (candidate: TurnRecord) =>
    candidate.metadata.result === position.result && candidate.metadata.page === position.page + 1;
  if (following !== undefined && isNext(following)) return following.seq;
  let afterSeq = turn.seq;
  for (;;) {
    const turns = await runtime.store.listTurns(tenantId, turn.threadId, { afterSeq, limit: SCAN_SIZE });
    const found = turns.find(isNext);
    if (found !== undefined) return found.seq;
    if (turns.length < SCAN_SIZE) return undefined;
    afterSeq = turns.at(-1)?.seq ?? afterSeq + SCAN_SIZE;
  }
}
