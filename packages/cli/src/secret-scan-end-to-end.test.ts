import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { connectRedis } from '@exai/server';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './program.js';
import { postgresUnreachable, testDatabaseUrl } from './test-helpers/test-postgres.js';

/**
 * A whole session — `exai serve --http` with its tools and limits, `exai chat`, `exai connect`,
 * `exai audit` and `exai gc` — with known secret values, then every log line, every output and
 * every stored row (SQLite and PostgreSQL) is scanned for them.
 */
const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const databaseUrl = testDatabaseUrl;

const token = (length: number) => randomBytes(length).toString('base64url').slice(0, length);
const secrets = {
  // An exai API key as a client sends it: replaced by a real key of the store before each session.
  apiKey: `exai_${token(40)}`,
  // A provider key in GLM's shape (hex id, dot, secret), which no `sk-` pattern would catch.
  providerKey: `${randomBytes(16).toString('hex')}.${token(16)}`,
  // A JWT-shaped bearer token from an identity provider.
  jwt: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.${Buffer.from(JSON.stringify({ sub: 'u-1', tenant: 'acme', n: token(24) })).toString('base64url')}.${token(43)}`,
};

/** Every place a secret must not be, each with the text found there. */
const scanned: Array<{ where: string; text: string }> = [];

function expectNoSecrets() {
  expect(scanned.length).toBeGreaterThan(5);
  const leaks: string[] = [];
  for (const { where, text } of scanned) {
    for (const [name, value] of Object.entries(secrets)) {
      // The whole value, and its distinctive tail (a masked key that keeps its end still leaks it).
      if (text.includes(value) || text.includes(value.slice(-20))) leaks.push(`${name} in ${where}`);
    }
  }
  expect(leaks).toEqual([]);
}

const postgresDown = await postgresUnreachable('POSTGRESQL SECRET SCAN');

const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const redisDown = await connectRedis({ url: redisUrl, keyPrefix: 'exai:', connectTimeoutInMs: 1_000 }).then(
  (client) => (client.disconnect(), undefined),
  (error: unknown) => String(error),
);
if (redisDown !== undefined) {
  if (process.env.CI === 'true') throw new Error(`Redis at ${redisUrl} is unreachable in CI: ${redisDown}`);
  console.warn(`\n!!! SECRET SCAN WITHOUT REDIS: ${redisUrl} is unreachable (${redisDown}) !!!\n`);
}

let upstream: FakeUpstream;
let home: string;
beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream({ defaultReply: { text: 'A second opinion.' } });
  home = mkdtempSync(join(tmpdir(), 'exai-secret-scan-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

function environment(store: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    NO_COLOR: '1',
    EXAI_STORE: store,
    KIMI_API_KEY: secrets.providerKey,
    KIMI_BASE_URL: `${upstream.url}/v1`,
    EXAI_REQUESTS_PER_MINUTE: '1000',
    EXAI_TOKENS_PER_MINUTE: '1000000',
    EXAI_CONCURRENT_CALLS: '4',
  };
}

async function startDaemon(env: Record<string, string>) {
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath,
    [bin, 'serve', '--http', '--port', '0'],
    {
      cwd: home,
      env,
    },
  );
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await expect.poll(() => output, { timeout: 20_000 }).toMatch(/MCP server on http:\/\/\S+/);
  const url = /MCP server on (http:\/\/\S+)/.exec(output)![1]!;
  return {
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      return output;
    },
  };
}

async function exai(argv: string[], env: Record<string, string>) {
  let output = '';
  const code = await runCli({
    argv,
    env,
    cwd: home,
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    stdout: { write: (text: string) => (output += text) },
    stderr: { write: (text: string) => (output += text) },
  });
  scanned.push({ where: `exai ${argv[0]} output`, text: output });
  return { code, output };
}

const textOf = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((part) => part.text ?? '').join('');

/** Tool calls over HTTP with credentials in the headers, a provider error that echoes the key, and limits on. */
async function runSession(store: string, label: string, { redis = false }: { redis?: boolean } = {}) {
  const env = {
    ...environment(store),
    ...(redis &&
      redisDown === undefined && {
        EXAI_REDIS_URL: redisUrl,
        EXAI_REDIS_KEY_PREFIX: `exai-secret-scan-${randomBytes(6).toString('hex')}:`,
      }),
  };
  // A real key of the store (shown once by `exai keys create`, which is not scanned: showing it is its job).
  let created = '';
  const createdCode = await runCli({
    argv: ['keys', 'create', '--tenant', 'acme', '--name', 'scan', '--json'],
    env,
    cwd: home,
    stdin: new PassThrough(),
    stdout: { write: (text: string) => (created += text) },
    stderr: { write: (text: string) => (created += text) },
  });
  expect(createdCode, created).toBe(0);
  secrets.apiKey = (JSON.parse(created) as { key: string }).key;
  const daemon = await startDaemon(env);
  expect(daemon.output()).toContain(
    env.EXAI_REDIS_URL === undefined
      ? ', limits in memory'
      : ', limits in Redis (fail-closed while it is down)',
  );
  try {
    const transport = new StreamableHTTPClientTransport(new URL(daemon.url), {
      requestInit: {
        headers: {
          authorization: `Bearer ${secrets.apiKey}`,
          'x-forwarded-authorization': `Bearer ${secrets.jwt}`,
        },
      },
    });
    const client = new Client({ name: 'secret-scan', version: '1.0.0' });
    await client.connect(transport);
    const first = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Is this sound?', model: 'kimi-k2' },
    });
    expect(first.isError, textOf(first)).toBeFalsy();
    // A provider that echoes the key it was sent in its error body (some do).
    upstream.enqueue({
      status: 401,
      body: {
        error: {
          message: `Incorrect API key provided: ${secrets.providerKey}`,
          type: 'invalid_request_error',
        },
      },
    });
    const refused = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Again?', model: 'kimi-k2' },
    });
    expect(refused.isError).toBe(true);
    for (const name of ['status', 'listmodels', 'version']) {
      const result = await client.callTool({ name, arguments: {} });
      scanned.push({ where: `${label}: ${name} result`, text: JSON.stringify(result) });
    }
    scanned.push({ where: `${label}: chat results`, text: JSON.stringify([first, refused]) });
    await client.close();

    // `exai connect` bridging a stdio client to the daemon, with the API key in its environment.
    const stdin = new PassThrough();
    const stdout = new PassThrough();
    let bridgeOutput = '';
    const bridged = runCli({
      argv: ['connect', daemon.url, '--header', `X-Api-Key: ${secrets.apiKey}`],
      env: { ...env, EXAI_CONNECT_TOKEN: secrets.jwt, EXAI_API_KEY: secrets.apiKey },
      stdin,
      stdout,
      stderr: { write: (text: string) => (bridgeOutput += text) },
    });
    const ide = new Client({ name: 'ide', version: '1.0.0' });
    await ide.connect(new StdioServerTransport(stdout, stdin));
    const viaBridge = await ide.callTool({
      name: 'chat',
      arguments: { prompt: 'Via the bridge', model: 'kimi-k2' },
    });
    expect(viaBridge.isError, textOf(viaBridge)).toBeFalsy();
    await ide.close();
    stdin.end();
    await bridged;
    scanned.push({ where: `${label}: exai connect stderr`, text: bridgeOutput });
  } finally {
    scanned.push({ where: `${label}: daemon log`, text: await daemon.stop() });
  }
  // One-shot commands against the same store.
  expect((await exai(['chat', '--model', 'kimi-k2', 'One shot'], env)).code).toBe(0);
  upstream.enqueue({ status: 401, body: { error: { message: `Invalid key ${secrets.providerKey}` } } });
  expect((await exai(['chat', '--model', 'kimi-k2', 'One shot fails'], env)).code).not.toBe(0);
  const audit = await exai(['audit', '--json'], env);
  expect(audit.code).toBe(0);
  expect(audit.output).toContain('"tool.call"');
  expect((await exai(['gc'], env)).code).toBe(0);
}

describe('no secret reaches a log line, an output or a stored row', { timeout: 120_000 }, () => {
  it('SQLite: every row of every table, and the database files themselves', async () => {
    const path = join(home, 'store.db');
    await runSession(`sqlite:${path}`, 'sqlite');
    const database = new Database(path, { readonly: true });
    try {
      const tables = database.prepare(`select name from sqlite_master where type = 'table'`).all() as Array<{
        name: string;
      }>;
      expect(tables.map((table) => table.name)).toContain('audit_events');
      for (const { name } of tables) {
        const rows = database.prepare(`select * from "${name}"`).all();
        scanned.push({ where: `sqlite table ${name}`, text: JSON.stringify(rows) });
      }
    } finally {
      database.close();
    }
    for (const file of readdirSync(home).filter((entry) => entry.startsWith('store.db'))) {
      scanned.push({ where: `sqlite file ${file}`, text: readFileSync(join(home, file)).toString('latin1') });
    }
    expectNoSecrets();
  });

  it.skipIf(postgresDown !== undefined)('PostgreSQL: every row of every table', async () => {
    const name = `exai_secret_scan_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`create database ${name}`);
    const url = new URL(databaseUrl);
    url.pathname = `/${name}`;
    const reader = new pg.Client({ connectionString: url.toString() });
    try {
      await runSession(url.toString(), 'postgres', { redis: true });
      await reader.connect();
      const tables = await reader.query<{ table_name: string }>(
        `select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE'`,
      );
      expect(tables.rows.map((row) => row.table_name)).toContain('audit_events');
      for (const { table_name: table } of tables.rows) {
        const rows = await reader.query<{ row: string }>(
          `select row_to_json(t)::text as row from "${table}" t`,
        );
        scanned.push({ where: `postgres table ${table}`, text: rows.rows.map((row) => row.row).join('\n') });
      }
      expectNoSecrets();
    } finally {
      await reader.end().catch(() => {});
      await admin.query(`drop database if exists ${name} with (force)`).catch(() => {});
      await admin.end();
    }
  });
});
