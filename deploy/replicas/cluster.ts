// Replicas of `exai serve --http --stateless` on this machine: a fresh PostgreSQL database, one
// Redis, N processes of the built binary, and a round-robin proxy in front of them. Used by
// deploy/replicas.test.ts and bench/replicas/run.ts.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { connectRedis } from '@exai/server';

export const bin = fileURLToPath(new URL('../../packages/cli/bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../packages/cli/dist/cli.js', import.meta.url));
export const databaseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Why PostgreSQL or Redis cannot be used (undefined when both answer). */
export async function servicesUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 2_000 });
  const postgres = await client.connect().then(
    () => undefined,
    (error: unknown) => `PostgreSQL at ${databaseUrl}: ${(error as Error).message}`,
  );
  await client.end().catch(() => {});
  const redis = await connectRedis({
    url: redisUrl,
    keyPrefix: 'exai-replicas:',
    connectTimeoutInMs: 1_000,
  }).then(
    (connection) => (connection.disconnect(), undefined),
    (error: unknown) => `Redis at ${redisUrl}: ${String(error)}`,
  );
  return [postgres, redis].filter(Boolean).join('; ') || undefined;
}

/** A database of its own for one run, dropped by `drop()`. */
export async function createDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `exai_replicas_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: databaseUrl });
  await admin.connect();
  try {
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(databaseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`drop database if exists "${name}" with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export interface Replica {
  url: string;
  index: number;
  child: ChildProcessWithoutNullStreams;
  output: () => string;
  exited: Promise<number | null>;
}

export interface Cluster {
  home: string;
  /** The environment every replica and command shares. */
  env: Record<string, string>;
  replicas: Replica[];
  /** The proxy's MCP endpoint. */
  url: string;
  proxy: RoundRobinProxy;
  exai: (argv: string[]) => Promise<{ code: number | null; stdout: string; stderr: string }>;
  createKey: (tenant: string) => Promise<{ id: string; key: string }>;
  stop: () => Promise<void>;
}

/** Runs the built `exai` to completion. */
export function runExai(
  argv: string[],
  env: Record<string, string>,
  cwd: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [bin, ...argv], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

async function startReplica(index: number, env: Record<string, string>, cwd: string): Promise<Replica> {
  const child = spawn(process.execPath, [bin, 'serve', '--http', '--stateless', '--port', '0'], { cwd, env });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const deadline = Date.now() + 30_000;
  while (!/MCP server on http:\/\/\S+/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`replica ${index} did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const url = /MCP server on (http:\/\/\S+)/.exec(output)![1]!;
  return { url, index, child, output: () => output, exited };
}

export interface ClusterOptions {
  replicas: number;
  upstreamUrl: string;
  /** Extra environment for every replica (limits, for example). */
  env?: Record<string, string>;
  /** An existing database URL; without it a fresh database is made and dropped on stop. */
  storeUrl?: string;
}

/** Starts `replicas` stateless replicas on one fresh database and one Redis, behind a proxy. */
export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` first.`);
  const home = mkdtempSync(join(tmpdir(), 'exai-replicas-'));
  const database = options.storeUrl === undefined ? await createDatabase() : undefined;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    NO_COLOR: '1',
    EXAI_STORE: options.storeUrl ?? database!.url,
    EXAI_REDIS_URL: redisUrl,
    EXAI_REDIS_KEY_PREFIX: `exai-replicas-${randomBytes(6).toString('hex')}:`,
    KIMI_API_KEY: 'fake-provider-key',
    KIMI_BASE_URL: `${options.upstreamUrl}/v1`,
    ...options.env,
  };
  const exai = (argv: string[]) => runExai(argv, env, home);
  const replicas: Replica[] = [];
  let proxy: RoundRobinProxy | undefined;
  const stop = async () => {
    await proxy?.close();
    for (const replica of replicas) {
      if (replica.child.exitCode === null && replica.child.signalCode === null) replica.child.kill('SIGTERM');
      await replica.exited;
    }
    await database?.drop();
    rmSync(home, { recursive: true, force: true });
  };
  try {
    const migrated = await exai(['migrate', 'up']);
    if (migrated.code !== 0) throw new Error(`exai migrate up failed:\n${migrated.stderr}`);
    replicas.push(
      ...(await Promise.all(
        Array.from({ length: options.replicas }, (_, index) => startReplica(index, env, home)),
      )),
    );
    proxy = await startProxy(replicas.map((replica) => replica.url));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    home,
    env,
    replicas,
    url: proxy.url,
    proxy,
    exai,
    async createKey(tenant) {
      const created = await exai(['keys', 'create', '--tenant', tenant, '--json']);
      if (created.code !== 0) throw new Error(`exai keys create failed:\n${created.stderr}`);
      const { id, key } = JSON.parse(created.stdout) as { id: string; key: string };
      return { id, key };
    },
    stop,
  };
}

export interface RoundRobinProxy {
  url: string;
  /** Which backend answered each forwarded request, in order, with the JSON-RPC method of its body. */
  log: Array<{ backend: number; method: string | undefined; status: number }>;
  close: () => Promise<void>;
}

/**
 * A round-robin HTTP proxy. It buffers each request body, then forwards the request to the next
 * backend; a backend it cannot connect to (ECONNREFUSED: the process is gone) is skipped and the next
 * one tried, as a load balancer's "next upstream on connect error" does — the request never reached
 * it, so retrying is safe. A backend that fails after receiving the request (killed mid-call) is
 * not retried: the client gets 502, and that call was never acknowledged. `x-replica: <index>` on a
 * request pins it to one backend.
 */
export async function startProxy(backends: string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const log: RoundRobinProxy['log'] = [];
  const server: Server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      let method: string | undefined;
      try {
        method = (JSON.parse(body.toString()) as { method?: string }).method;
      } catch {
        method = undefined;
      }
      const pinned = incoming.headers['x-replica'];
      const order =
        typeof pinned === 'string'
          ? [Number(pinned)]
          : backends.map((_, offset) => (next + offset) % backends.length);
      if (typeof pinned !== 'string') next = (next + 1) % backends.length;
      const attempt = (position: number): void => {
        const backend = order[position]!;
        const target = new URL(backends[backend]!);
        const forwarded = httpRequest(
          {
            host: target.hostname,
            port: target.port,
            method: incoming.method,
            path: incoming.url,
            headers: { ...incoming.headers, host: target.host },
          },
          (response) => {
            log.push({ backend, method, status: response.statusCode ?? 0 });
            outgoing.writeHead(response.statusCode ?? 502, response.headers);
            response.pipe(outgoing);
            response.on('error', () => outgoing.destroy());
            response.on('aborted', () => outgoing.destroy());
          },
        );
        forwarded.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED' && position + 1 < order.length) return attempt(position + 1);
          log.push({ backend, method, status: 502 });
          if (!outgoing.headersSent) {
            outgoing.writeHead(502, { 'content-type': 'text/plain' });
            outgoing.end(`backend ${backend}: ${error.message}`);
          } else outgoing.destroy();
        });
        forwarded.end(body);
      };
      attempt(0);
    });
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** One raw JSON-RPC POST (no MCP session: the replicas are stateless), returning the HTTP status. */
export async function postRpc(
  url: string,
  key: string,
  method: string,
  params: Record<string, unknown> = {},
): Promise<{ status: number; text: string }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      authorization: `Bearer ${key}`,
      'mcp-protocol-version': '2025-11-25',
    },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params }),
  });
  return { status: response.status, text: await response.text() };
}
