import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createProviderRegistry, type SessionStoreV1 } from '@exai/core';
import { createExaiServer } from '@exai/mcp';
import { createKimi } from '@exai/providers';
import { openSessionStore, parseStoreSpec } from '@exai/storage';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';
import { postgresUnreachable, testDatabaseUrl } from './test-helpers/test-postgres.js';

// The report this guards: a thread deleted with `exai threads rm` (or expired) left the pages of
// its long results listed and readable through the MCP `page` tool. Run on SQLite and PostgreSQL.

let directory: string;
let upstream: FakeUpstream;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-result-pages-'));
  upstream = await createFakeUpstream({
    defaultReply: {
      text: Array.from({ length: 60 }, (_, index) => `private line ${index + 1} of the conversation`).join(
        '\n',
      ),
    },
  });
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});

/** An MCP client on a server over `store`, with results paged past 100 tokens. */
async function connect(store: SessionStoreV1, threadTtlInMs?: number) {
  const server = createExaiServer({
    registry: createProviderRegistry({
      providers: [createKimi({ apiKey: 'test-key', baseURL: `${upstream.url}/v1` })],
    }),
    store,
    version: '9.9.9-test',
    limits: { maxResultTokens: 100, ...(threadTtlInMs !== undefined && { threadTtlInMs }) },
  });
  const client = new Client({ name: 'result-pages-test', version: '1.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  const call = async (name: string, args: Record<string, unknown>) => {
    const result = await client.callTool({ name, arguments: args });
    const content = (result.content as Array<{ text?: string }> | undefined) ?? [];
    return {
      isError: result.isError === true,
      text: content.map((part) => part.text ?? '').join(''),
      structured: (result.structuredContent as Record<string, unknown> | undefined) ?? {},
      meta: result._meta,
    };
  };
  const longChat = async () => {
    const result = await call('chat', { prompt: 'Write a long answer.', model: 'kimi-k2' });
    expect(result.isError, result.text).toBe(false);
    const cursor = result.meta?.['exai/next_cursor'];
    expect(typeof cursor).toBe('string');
    return { id: String(result.structured.continuation_id), cursor: String(cursor) };
  };
  return { call, longChat, close: () => client.close() };
}

const postgresSkip = await postgresUnreachable('RESULT PAGES DELETION ON POSTGRESQL');

describe.each([
  { store: 'SQLite', skip: undefined },
  { store: 'PostgreSQL', skip: postgresSkip },
])('the pages of a thread’s long results on $store', ({ store: kind, skip }) => {
  let spec: string;
  let store: SessionStoreV1;
  const database = `exai_pages_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });

  function exai(argv: string[]) {
    return runCliCaptured({
      argv: ['--store', spec, ...argv],
      env: { HOME: directory, XDG_CONFIG_HOME: join(directory, 'config'), NO_COLOR: '1' },
      cwd: directory,
    });
  }
  async function listedIds(): Promise<string[]> {
    const listed = await exai(['threads', 'list', '--all', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    return (JSON.parse(listed.stdout) as { threads: Array<{ id: string }> }).threads.map(
      (thread) => thread.id,
    );
  }

  beforeAll(async () => {
    if (skip !== undefined) return;
    if (kind === 'SQLite') {
      spec = `sqlite:${join(directory, 'store.db')}`;
    } else {
      await admin.connect();
      await admin.query(`create database ${database}`);
      const url = new URL(testDatabaseUrl);
      url.pathname = `/${database}`;
      spec = url.toString();
    }
    store = await openSessionStore(parseStoreSpec(spec, { env: {} }));
  });
  afterAll(async () => {
    if (skip !== undefined) return;
    await store.close();
    if (kind === 'PostgreSQL') {
      await admin.query(`drop database if exists ${database} with (force)`);
      await admin.end();
    }
  });

  it.skipIf(skip !== undefined)('are deleted with it by exai threads rm, and no longer served', async () => {
    const mcp = await connect(store);
    try {
      const { id, cursor } = await mcp.longChat();
      const before = await listedIds();
      expect(before).toContain(id);
      expect(before).toHaveLength(2);

      const removed = await exai(['threads', 'rm', id, '--yes']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(await listedIds()).toEqual([]);
      const page = await mcp.call('page', { cursor });
      expect(page.isError).toBe(true);
      expect(page.text).not.toContain('private line');
    } finally {
      await mcp.close();
    }
  });

  it.skipIf(skip !== undefined)('are deleted with it by the threads tool', async () => {
    const mcp = await connect(store);
    try {
      const { id, cursor } = await mcp.longChat();
      expect(await listedIds()).toHaveLength(2);
      expect((await mcp.call('threads', { action: 'delete', id })).isError).toBe(false);
      expect(await listedIds()).toEqual([]);
      expect((await mcp.call('page', { cursor })).isError).toBe(true);
    } finally {
      await mcp.close();
    }
  });

  it.skipIf(skip !== undefined)('expire with it, and exai gc removes both', async () => {
    const mcp = await connect(store, 1_000);
    try {
      const { cursor } = await mcp.longChat();
      expect((await mcp.call('page', { cursor })).isError).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 1_100));
      expect((await mcp.call('page', { cursor })).isError).toBe(true);
      const swept = await exai(['gc', '--json']);
      expect(swept.code, swept.stderr).toBe(0);
      expect(JSON.parse(swept.stdout).deleted.threads).toBe(2);
      expect((await store.listThreads('default', { includeExpired: true })).items).toEqual([]);
    } finally {
      await mcp.close();
    }
  });
});
