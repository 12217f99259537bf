import type { ThreadRecord, TurnRecord } from '@exai/core';

export interface ThreadSummary {
  id: string;
  title: string;
  tool?: string;
  turns: number;
  updated_at: string;
  expires_at?: string;
}

export function summarizeThread(thread: ThreadRecord): ThreadSummary {
  return {
    id: thread.id,
    title: thread.title ?? '',
    ...(typeof thread.metadata.tool === 'string' && { tool: thread.metadata.tool }),
    turns: thread.turnCount,
    updated_at: thread.updatedAt.toISOString(),
    ...(thread.expiresAt !== undefined && { expires_at: thread.expiresAt.toISOString() }),
  };
}

/** One line per thread: id, tool, turn count, last update, title. */
export function formatThreadList(threads: readonly ThreadSummary[], heading: string, more: boolean): string {
  if (threads.length === 0) return `${heading}: none.`;
  const lines = threads.map(
    (thread) =>
      `- ${thread.id} [${thread.tool ?? 'unknown'}, ${thread.turns} turns, updated ${thread.updated_at}] ${thread.title}`,
  );
  const tail = more ? ['(more exist: raise limit, or search)'] : [];
  return [
    `${heading} (${threads.length}):`,
    ...lines,
    ...tail,
    'Pass an id as continuation_id to continue one.',
  ].join('\n');
}

/** The whole thread, every turn in order; the server pages it when it is long. */
export function formatThread(thread: ThreadRecord, turns: readonly TurnRecord[]): string {
  const summary = summarizeThread(thread);
  const header =
    `Thread ${thread.id}: ${summary.title}\n` +
    `tool ${summary.tool ?? 'unknown'}, ${thread.turnCount} turns, created ${thread.createdAt.toISOString()}, ` +
    `updated ${summary.updated_at}${summary.expires_at !== undefined ? `, expires ${summary.expires_at}` : ''}`;
  const body = turns.map((turn) => {
    const who =
      turn.role === 'assistant' && turn.model !== undefined ? `assistant (${turn.model})` : turn.role;
    return `### ${turn.seq}. ${who}${turn.toolName !== undefined ? ` via ${turn.toolName}` : ''}\n\n${turn.content}`;
  });
  return [header, ...body].join('\n\n');
}
