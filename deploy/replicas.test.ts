import pg from 'pg';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postRpc, servicesUnavailable, startCluster, type Cluster } from './replicas/cluster.js';

/**
 * Three `exai serve --http --stateless` processes of the built binary on one PostgreSQL database
 * and one Redis, behind a round-robin proxy, against the fake upstream.
 */
const unavailable = await servicesUnavailable();
if (unavailable !== undefined) {
  if (process.env.CI === 'true')
    throw new Error(`Replica tests need PostgreSQL and Redis in CI: ${unavailable}`);
  console.warn(`\n!!! SKIPPING THE REPLICA TESTS: ${unavailable} !!!\n`);
}

const limit = 20;
const limitRounds = 5;
const limitedTenants = Array.from({ length: limitRounds }, (_, round) => `limited-${round}`);
// Decision 0022: a found key is reused for at most 500 ms, then one store round trip.
const keyCacheInMs = 500;

const textOf = (result: unknown) =>
  ((result as { content?: Array<{ text?: string }> }).content ?? []).map((part) => part.text ?? '').join('');
const continuationOf = (result: unknown) =>
  (result as { structuredContent?: { continuation_id?: string } }).structuredContent?.continuation_id;

async function connectClient(url: string, key: string, replica?: number): Promise<Client> {
  const transport = new StreamableHTTPClientTransport(new URL(url), {
    requestInit: {
      headers: {
        authorization: `Bearer ${key}`,
        ...(replica !== undefined && { 'x-replica': String(replica) }),
      },
    },
  });
  const client = new Client({ name: 'replicas-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

describe.skipIf(unavailable !== undefined)(
  'three stateless replicas act as one',
  { timeout: 180_000 },
  () => {
    let upstream: FakeUpstream;
    let cluster: Cluster;
    let key: { id: string; key: string };

    beforeAll(async () => {
      upstream = await createFakeUpstream({ defaultReply: { text: 'A second opinion.' } });
      cluster = await startCluster({
        replicas: 3,
        upstreamUrl: upstream.url,
        env: {
          EXAI_CONFIG: JSON.stringify({
            limits: {
              tenants: Object.fromEntries(
                limitedTenants.map((tenant) => [tenant, { requestsPerMinute: limit }]),
              ),
            },
          }),
        },
      });
      key = await cluster.createKey('acme');
    }, 120_000);
    afterAll(async () => {
      await cluster?.stop();
      await upstream?.close();
    });

    it('starts every replica stateless, on PostgreSQL, with limits and cancels in Redis', () => {
      for (const replica of cluster.replicas) {
        expect(replica.output()).toMatch(/MCP server on http:\/\/\S+ \(stateless, /);
        expect(replica.output()).toContain('limits in Redis');
        expect(replica.output()).toContain('cancels: Redis');
      }
    });

    it('continues a thread started on one replica on each of the others', async () => {
      let continuation: string | undefined;
      const prompts = ['First on replica 0.', 'Then on replica 1.', 'Then on replica 2.'];
      for (const [replica, prompt] of prompts.entries()) {
        const client = await connectClient(cluster.url, key.key, replica);
        const result = await client.callTool({
          name: 'chat',
          arguments: {
            prompt,
            model: 'kimi-k2',
            ...(continuation !== undefined && { continuation_id: continuation }),
          },
        });
        await client.close();
        expect(result.isError, textOf(result)).toBeFalsy();
        if (continuation !== undefined) expect(continuationOf(result)).toBe(continuation);
        continuation = continuationOf(result);
        expect(continuation).toEqual(expect.any(String));
      }
      const calls = cluster.proxy.log.filter((entry) => entry.method === 'tools/call');
      expect(calls.slice(-3).map((entry) => entry.backend)).toEqual([0, 1, 2]);
      // The last model request carried the whole thread: both earlier prompts and answers.
      const last = JSON.stringify(upstream.requests.at(-1)?.body);
      expect(last).toContain(prompts[0]);
      expect(last).toContain(prompts[1]);
      expect(last).toContain(prompts[2]);
      const turns = await turnsOf('acme', continuation!);
      expect(turns).toBe(6);
    });

    it(`admits exactly ${limit} requests a minute across all three under concurrent load, round after round`, async () => {
      for (const tenant of limitedTenants) {
        const { key: limited } = await cluster.createKey(tenant);
        const statuses = await Promise.all(
          Array.from({ length: limit * 3 }, () => postRpc(cluster.url, limited, 'tools/list')),
        );
        const admitted = statuses.filter((response) => response.status === 200).length;
        const refused = statuses.filter((response) => response.status === 429).length;
        expect({ tenant, admitted, refused }).toEqual({ tenant, admitted: limit, refused: limit * 2 });
      }
    });

    it('loses no acknowledged turn when a replica is killed mid-load, and the others keep serving', async () => {
      const victim = cluster.replicas[2]!;
      upstream.enqueue({
        match: { path: 'chat/completions' },
        times: Infinity,
        delayBeforeHeadersMs: 150,
      });
      const workers = 6;
      const acknowledged: string[] = [];
      const failed: string[] = [];
      const kill: { at?: number } = {};
      const afterKill: Array<{ ok: boolean }> = [];
      const work = async (worker: number) => {
        for (let call = 0; call < 8; call++) {
          const startedAt = Date.now();
          try {
            // A fresh client per call: every request is round-robined, so each call meets every replica.
            const client = await connectClient(cluster.url, key.key);
            const result = await client.callTool({
              name: 'chat',
              arguments: { prompt: `worker ${worker} call ${call}`, model: 'kimi-k2' },
            });
            await client.close();
            const continuation = continuationOf(result);
            if (result.isError || continuation === undefined) throw new Error(textOf(result));
            acknowledged.push(continuation);
            if (kill.at !== undefined && startedAt > kill.at) afterKill.push({ ok: true });
          } catch (error) {
            failed.push(String(error));
            if (kill.at !== undefined && startedAt > kill.at) afterKill.push({ ok: false });
          }
        }
      };
      const load = Promise.all(Array.from({ length: workers }, (_, worker) => work(worker)));
      await expect
        .poll(() => acknowledged.length, { timeout: 30_000, interval: 20 })
        .toBeGreaterThanOrEqual(6);
      victim.child.kill('SIGKILL');
      // The replica dies a moment after the signal: calls started in between may still reach it.
      expect(await victim.exited).toBeNull();
      kill.at = Date.now();
      await load;
      upstream.reset();

      // Only calls in flight on the killed replica may fail, at most one per worker.
      expect(failed.length, failed.join('\n')).toBeLessThanOrEqual(workers);
      // Every call started after the kill was answered by the two others.
      expect(afterKill.length).toBeGreaterThan(10);
      expect(afterKill.every((entry) => entry.ok)).toBe(true);
      // Every acknowledged call has its user and assistant turns in PostgreSQL.
      expect(acknowledged.length).toBeGreaterThanOrEqual(workers * 8 - workers);
      for (const thread of acknowledged) expect(await turnsOf('acme', thread)).toBe(2);
    });

    it(`refuses a revoked key on every live replica within ${keyCacheInMs} ms plus a store round trip`, async () => {
      const live = cluster.replicas.filter(
        (replica) => replica.child.exitCode === null && !replica.child.killed,
      );
      expect(live.length).toBeGreaterThanOrEqual(2);
      const { id, key: doomed } = await cluster.createKey('acme');
      for (const replica of live) expect((await postRpc(replica.url, doomed, 'tools/list')).status).toBe(200);
      const revoked = await cluster.exai(['keys', 'revoke', id]);
      expect(revoked.code, revoked.stderr).toBe(0);
      const revokedAt = Date.now();
      const refusedAfter = await Promise.all(
        live.map(async (replica) => {
          while ((await postRpc(replica.url, doomed, 'tools/list')).status !== 401) {
            if (Date.now() - revokedAt > 5_000) return Infinity;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
          return Date.now() - revokedAt;
        }),
      );
      // The cache bound plus a generous allowance for one store round trip on a loaded machine.
      for (const inMs of refusedAfter) expect(inMs).toBeLessThan(keyCacheInMs + 1_000);
    });

    async function turnsOf(tenant: string, thread: string): Promise<number> {
      const client = new pg.Client({ connectionString: cluster.env.EXAI_STORE });
      await client.connect();
      try {
        const { rows } = await client.query<{ count: string }>(
          'select count(*) from turns where tenant_id = $1 and thread_id = $2',
          [tenant, thread],
        );
        return Number(rows[0]!.count);
      } finally {
        await client.end();
      }
    }
  },
);
