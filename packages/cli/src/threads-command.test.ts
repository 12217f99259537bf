import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@exai/storage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
/** The store `exai` is run on; `null` runs it on the default store, in an empty data directory. */
let storePath: string | null;
let ids: { cache: string; plan: string; pages: string };

function exai(argv: string[], { tty = false, input = '' }: { tty?: boolean; input?: string } = {}) {
  return runCliCaptured({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      XDG_DATA_HOME: join(directory, 'data'),
      NO_COLOR: '1',
      ...(storePath !== null && { EXAI_STORE: `sqlite:${storePath}` }),
    },
    cwd: directory,
    tty,
    input,
  });
}

/** A store with two conversations and one internal thread of result pages, like `exai serve` leaves. */
async function seed(path: string) {
  const store = await openSessionStore({ kind: 'sqlite', path });
  try {
    if (!(await store.getTenant('default'))) await store.createTenant({ id: 'default' });
    const cache = await store.createThread({ tenantId: 'default', title: 'Review the cache layer' });
    await store.appendTurn({
      tenantId: 'default',
      threadId: cache.id,
      role: 'user',
      content: 'Is the LRU eviction right?',
      toolName: 'chat',
    });
    await store.appendTurn({
      tenantId: 'default',
      threadId: cache.id,
      role: 'assistant',
      content: 'Mostly; the TTL check races with the writer.',
      toolName: 'chat',
      model: 'kimi:kimi-k2-0905-preview',
    });
    const plan = await store.createThread({ tenantId: 'default', title: 'Plan the Postgres migration' });
    await store.appendTurn({
      tenantId: 'default',
      threadId: plan.id,
      role: 'user',
      content: 'Order of the steps?',
    });
    const pages = await store.createThread({
      tenantId: 'default',
      title: 'codereview result (2 pages)',
      metadata: { kind: 'result-pages', tool: 'codereview', pageCount: 2 },
    });
    await store.appendTurn({ tenantId: 'default', threadId: pages.id, role: 'tool', content: 'page one' });
    // Another tenant's thread is never listed here.
    await store.createTenant({ id: 'acme' });
    await store.createThread({ tenantId: 'acme', title: 'Review of another tenant' });
    return { cache: cache.id, plan: plan.id, pages: pages.id };
  } finally {
    await store.close();
  }
}

async function threadIds(): Promise<string[]> {
  const listed = JSON.parse((await exai(['threads', 'list', '--all', '--json'])).stdout) as {
    threads: { id: string }[];
  };
  return listed.threads.map((thread) => thread.id).sort();
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-threads-'));
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));
beforeEach(async (context) => {
  storePath = join(directory, `${context.task.id}.db`);
  ids = await seed(storePath);
});

describe('exai threads list', () => {
  it('lists conversations newest first and hides result pages unless --all', async () => {
    const listed = await exai(['threads', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/^ID\s+UPDATED\s+TURNS\s+TITLE/);
    expect(listed.stdout).toContain(ids.cache);
    expect(listed.stdout).toContain('Review the cache layer');
    expect(listed.stdout).toContain('Plan the Postgres migration');
    expect(listed.stdout).not.toContain(ids.pages);
    expect(listed.stdout).not.toContain('another tenant');

    const all = await exai(['threads', 'list', '--all']);
    expect(all.stdout).toContain(ids.pages);
    expect(all.stdout).toContain('(result pages) codereview result');

    const json = JSON.parse((await exai(['threads', 'list', '--json'])).stdout) as {
      threads: { id: string; title: string; turnCount: number; internal: boolean; updatedAt: string }[];
      more: boolean;
    };
    expect(json.more).toBe(false);
    expect(json.threads.map((thread) => thread.id).sort()).toEqual([ids.cache, ids.plan].sort());
    expect(json.threads.find((thread) => thread.id === ids.cache)).toMatchObject({
      title: 'Review the cache layer',
      turnCount: 2,
      internal: false,
    });
    const times = json.threads.map((thread) => thread.updatedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('searches titles and message text, case-insensitively', async () => {
    const byTitle = JSON.parse((await exai(['threads', 'list', '--search', 'POSTGRES', '--json'])).stdout);
    expect(byTitle.threads.map((thread: { id: string }) => thread.id)).toEqual([ids.plan]);
    const byContent = JSON.parse((await exai(['threads', 'list', '--search', 'ttl check', '--json'])).stdout);
    expect(byContent.threads.map((thread: { id: string }) => thread.id)).toEqual([ids.cache]);
    const none = await exai(['threads', 'list', '--search', 'kubernetes']);
    expect(none.code).toBe(0);
    expect(none.stdout).toContain('no threads matching "kubernetes"');
  });

  it('stops at --limit and says there are more', async () => {
    const limited = JSON.parse((await exai(['threads', 'list', '--limit', '1', '--json'])).stdout);
    expect(limited.threads).toHaveLength(1);
    expect(limited.more).toBe(true);
    const text = await exai(['threads', 'list', '--limit', '1']);
    expect(text.stderr).toContain('showing the latest 1');
    const bad = await exai(['threads', 'list', '--limit', 'ten']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--limit expects a whole number');
  });

  it('reads a default store that does not exist yet as empty, without creating it', async () => {
    storePath = null;
    const listed = await exai(['threads', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain('no threads');
    expect((await exai(['threads', 'show', ids.cache])).code).toBe(1);
    expect(existsSync(join(directory, 'data'))).toBe(false);
  });

  it('refuses a named SQLite store that does not exist (a typo), without creating it', async () => {
    storePath = join(directory, 'absent', 'exai.db');
    const listed = await exai(['threads', 'list']);
    expect(listed.code).toBe(2);
    expect(listed.stderr).toBe(
      `exai: invalid_argument: the SQLite store ${storePath} given by EXAI_STORE does not exist; check EXAI_STORE for a typo, or create it with exai migrate up\n`,
    );
    expect(existsSync(join(directory, 'absent'))).toBe(false);
  });
});

describe('exai threads show', () => {
  it('prints the turns oldest first with role, model, time and content', async () => {
    const shown = await exai(['threads', 'show', ids.cache]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toContain('Review the cache layer');
    const question = shown.stdout.indexOf('Is the LRU eviction right?');
    const answer = shown.stdout.indexOf('Mostly; the TTL check races with the writer.');
    expect(question).toBeGreaterThan(0);
    expect(answer).toBeGreaterThan(question);
    expect(shown.stdout).toMatch(/1\. user · via chat · \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(shown.stdout).toMatch(/2\. assistant · kimi:kimi-k2-0905-preview · via chat · \d{4}-/);

    const json = JSON.parse((await exai(['threads', 'show', ids.cache, '--json'])).stdout);
    expect(json.thread).toMatchObject({ id: ids.cache, title: 'Review the cache layer', turnCount: 2 });
    expect(json.turns).toMatchObject([
      { seq: 1, role: 'user', model: null, content: 'Is the LRU eviction right?' },
      { seq: 2, role: 'assistant', model: 'kimi:kimi-k2-0905-preview' },
    ]);
    expect(Date.parse(json.turns[0].createdAt)).not.toBeNaN();
  });

  it('fails with exit 1 for an unknown id', async () => {
    const shown = await exai(['threads', 'show', 'no-such-thread']);
    expect(shown.code).toBe(1);
    expect(shown.stdout).toBe('');
    expect(shown.stderr).toContain('no thread "no-such-thread"');
    expect(shown.stderr).toContain('exai threads list');
  });
});

describe('exai threads rm', () => {
  it('refuses without --yes when stdin is not a terminal, and deletes nothing', async () => {
    const refused = await exai(['threads', 'rm', ids.cache]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('stdin is not a terminal');
    expect(refused.stderr).toContain('--yes');
    expect(await threadIds()).toContain(ids.cache);
  });

  it('deletes nothing when one id is unknown', async () => {
    const removed = await exai(['threads', 'rm', ids.cache, 'missing-one', '--yes']);
    expect(removed.code).toBe(1);
    expect(removed.stderr).toContain('no thread "missing-one"');
    expect(await threadIds()).toEqual([ids.cache, ids.pages, ids.plan].sort());
  });

  it('asks on a terminal and deletes only after yes', async () => {
    const declined = await exai(['threads', 'rm', ids.cache], { tty: true, input: 'n\n' });
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain('Delete thread');
    expect(declined.stderr).toContain('[y/N]');
    expect(declined.stderr).toContain('nothing deleted');
    expect(await threadIds()).toContain(ids.cache);

    const closed = await exai(['threads', 'rm', ids.cache], { tty: true, input: '' });
    expect(closed.code).toBe(1);
    expect(await threadIds()).toContain(ids.cache);

    const confirmed = await exai(['threads', 'rm', ids.cache, ids.plan], { tty: true, input: 'y\n' });
    expect(confirmed.code).toBe(0);
    expect(confirmed.stderr).toContain('Delete 2 threads');
    expect(confirmed.stdout).toContain('deleted 2 threads');
    expect(await threadIds()).toEqual([ids.pages]);
  });

  it('deletes with --yes, turns included, and reports JSON', async () => {
    const removed = await exai(['threads', 'rm', ids.cache, ids.cache, '--yes', '--json']);
    expect(removed.code).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ deleted: [ids.cache] });
    expect((await exai(['threads', 'show', ids.cache])).code).toBe(1);
    const store = await openSessionStore({ kind: 'sqlite', path: storePath! });
    try {
      expect(await store.listTurns('default', ids.cache)).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
