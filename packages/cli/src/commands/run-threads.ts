import { RESULT_PAGES_KIND, deleteConversation } from '@exai/mcp/internal';
import type { ThreadRecord, TurnRecord } from '@exai/core';
import { describeStoreSpec, type StoreSpec } from '@exai/storage';
import { CliExitError } from '../output/cli-error.js';
import { confirmDeletion } from '../output/confirm-deletion.js';
import { formatTable } from '../output/format-table.js';
import { formatTime } from '../output/format-time.js';
import { printableLine, printableText } from '../output/printable-text.js';
import type { CliContext } from './cli-context.js';
import { withStoreOrEmpty } from './with-store.js';

/** The most a store returns in one page of `listThreads`. */
const STORE_PAGE_SIZE = 500;

function isInternal(thread: ThreadRecord): boolean {
  return thread.metadata.kind === RESULT_PAGES_KIND;
}

/** A title on one line, escaped for a terminal (`printableLine`) and cut to `maxLength`. */
function oneLine(text: string, maxLength: number): string {
  const flat = printableLine(text.replace(/\s+/g, ' ').trim());
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

function threadJson(thread: ThreadRecord) {
  return {
    id: thread.id,
    title: thread.title ?? null,
    createdAt: thread.createdAt.toISOString(),
    updatedAt: thread.updatedAt.toISOString(),
    expiresAt: thread.expiresAt?.toISOString() ?? null,
    turnCount: thread.turnCount,
    internal: isInternal(thread),
    metadata: thread.metadata,
  };
}

function turnJson(turn: TurnRecord) {
  return {
    seq: turn.seq,
    role: turn.role,
    model: turn.model ?? null,
    toolName: turn.toolName ?? null,
    createdAt: turn.createdAt.toISOString(),
    files: turn.files,
    content: turn.content,
  };
}

/** `exai threads list`. */
export async function runThreadsList(
  context: CliContext,
  options: { tenant: string; limit: number; search?: string; all: boolean; json: boolean },
): Promise<void> {
  await withStoreOrEmpty(context, async (store, spec) => {
    // Internal threads are filtered here, so keep reading pages until enough are left.
    const threads: ThreadRecord[] = [];
    let cursor: string | undefined;
    let more = false;
    do {
      const page = await store.listThreads(options.tenant, {
        limit: STORE_PAGE_SIZE,
        ...(cursor !== undefined && { cursor }),
        ...(options.search !== undefined && options.search !== '' && { search: options.search }),
      });
      for (const thread of page.items) {
        if (!options.all && isInternal(thread)) continue;
        if (threads.length === options.limit) {
          more = true;
          break;
        }
        threads.push(thread);
      }
      cursor = page.nextCursor;
    } while (cursor !== undefined && !more);

    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ store: describeStoreSpec(spec), threads: threads.map(threadJson), more }, null, 2)}\n`,
      );
      return;
    }
    if (threads.length === 0) {
      context.stdout.write(
        `${describeStoreSpec(spec)}: no threads${options.search ? ` matching "${options.search}"` : ''}\n`,
      );
      return;
    }
    const rows = threads.map((thread) => [
      thread.id,
      formatTime(thread.updatedAt),
      String(thread.turnCount),
      oneLine((isInternal(thread) ? '(result pages) ' : '') + (thread.title ?? '-'), 70),
    ]);
    context.stdout.write(`${formatTable([['ID', 'UPDATED', 'TURNS', 'TITLE'], ...rows])}\n`);
    if (more) {
      context.stderr.write(
        context.colors.stderr.dim(
          `(showing the latest ${threads.length}; use --limit or --search for more)\n`,
        ),
      );
    }
  });
}

function notFound(context: CliContext, spec: StoreSpec, ids: readonly string[]): never {
  const list = ids.map((id) => `"${id}"`).join(', ');
  context.stderr.write(
    `${context.colors.stderr.red('exai: record_not_found:')} no thread ${list} in ${describeStoreSpec(spec)}; ` +
      'see exai threads list (check --store or EXAI_STORE if it should be there)\n',
  );
  throw new CliExitError(1);
}

/** `exai threads show <id>`. */
export async function runThreadsShow(
  context: CliContext,
  id: string,
  options: { tenant: string; json: boolean },
): Promise<void> {
  await withStoreOrEmpty(context, async (store, spec) => {
    const thread = await store.getThread(options.tenant, id);
    if (thread === undefined) notFound(context, spec, [id]);
    const turns = await store.listTurns(options.tenant, id);
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ thread: threadJson(thread), turns: turns.map(turnJson) }, null, 2)}\n`,
      );
      return;
    }
    // Titles, models and file names print on one line each, the messages as the text they are;
    // either way, escaped so that nothing stored can drive the terminal (see printable-text.ts).
    const pc = context.colors.stdout;
    const header = [
      `${pc.bold(printableLine(thread.title ?? '(untitled)'))}`,
      pc.dim(
        `${printableLine(thread.id)} · ${thread.turnCount} turns · created ${formatTime(thread.createdAt)} · updated ${formatTime(thread.updatedAt)}` +
          (thread.expiresAt ? ` · expires ${formatTime(thread.expiresAt)}` : ''),
      ),
    ];
    const sections = turns.map((turn) => {
      const meta = printableLine(
        [turn.role, turn.model, turn.toolName && `via ${turn.toolName}`, formatTime(turn.createdAt)]
          .filter(Boolean)
          .join(' · '),
      );
      const files =
        turn.files.length > 0 ? `\n${pc.dim(`files: ${printableLine(turn.files.join(', '))}`)}` : '';
      return `${pc.cyan(`── ${turn.seq}. ${meta}`)}${files}\n${printableText(turn.content)}`;
    });
    context.stdout.write(`${[header.join('\n'), ...sections].join('\n\n')}\n`);
  });
}

/** `exai threads rm <id>...`: every id must exist, or nothing is deleted. */
export async function runThreadsRemove(
  context: CliContext,
  ids: readonly string[],
  options: { tenant: string; yes: boolean; json: boolean },
): Promise<void> {
  await withStoreOrEmpty(context, async (store, spec) => {
    const unique = [...new Set(ids)];
    const threads: ThreadRecord[] = [];
    const missing: string[] = [];
    for (const id of unique) {
      const thread = await store.getThread(options.tenant, id);
      if (thread === undefined) missing.push(id);
      else threads.push(thread);
    }
    if (missing.length > 0) notFound(context, spec, missing);

    if (!options.yes) {
      const what =
        threads.length === 1
          ? `thread ${threads[0]?.id} (${oneLine(threads[0]?.title ?? 'untitled', 60)}, ${threads[0]?.turnCount} turns)`
          : `${threads.length} threads`;
      await confirmDeletion(context, { what, where: describeStoreSpec(spec) });
    }

    const deleted: string[] = [];
    for (const thread of threads) {
      // With the pages of its long results and its provider file references.
      if (await deleteConversation(store, options.tenant, thread.id)) deleted.push(thread.id);
    }
    context.stdout.write(
      options.json
        ? `${JSON.stringify({ store: describeStoreSpec(spec), deleted })}\n`
        : `deleted ${deleted.length === 1 ? 'thread' : `${deleted.length} threads`} ${deleted.join(', ')} from ${describeStoreSpec(spec)}\n`,
    );
  });
}
