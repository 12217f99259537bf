import { createServer } from 'node:net';
import { ApiCallError, InvalidArgumentError, StoreUnavailableError, type SessionStoreV1 } from '@exai/core';
import { createPostgrestShim, signTestJwt } from '@exai/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate } from '../migrations/index.js';
import { postgresMigrationDriver } from '../postgres/migrations/postgres-migration-driver.js';
import { postgresMigrations } from '../postgres/migrations/index.js';
import { createTestSchema, probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { rpcFunctions } from './migrations/rpc-function-names.js';
import { createSupabaseSessionStore } from './supabase-session-store.js';
import {
  createSupabaseTestProject,
  serviceRoleKey,
  testJwtSecret,
  type SupabaseTestProject,
} from './test-support/supabase-test-project.js';

const postgres = await probePostgres();

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  return expect.fail('the call resolved');
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('createSupabaseSessionStore without a server', () => {
  it('needs a url and a key', () => {
    expect(() => createSupabaseSessionStore({ url: '', key: 'k' })).toThrow(/`url`.*SUPABASE_URL/);
    const error = (() => {
      try {
        createSupabaseSessionStore({ url: 'http://127.0.0.1:1', key: ' ' });
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('SUPABASE_SERVICE_ROLE_KEY');
  });

  it('throws a retryable StoreUnavailableError when Supabase cannot be reached', async () => {
    const store = createSupabaseSessionStore({
      url: `http://127.0.0.1:${await closedPort()}`,
      key: serviceRoleKey,
    });
    const error = await rejection(store.ping());
    expect(StoreUnavailableError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ isRetryable: true, store: 'supabase' });
    expect((error as Error).message).toContain('exai_ping');
  });

  it('maps an HTTP 5xx answer to StoreUnavailableError', async () => {
    const fetch503: typeof fetch = async () =>
      new Response(
        JSON.stringify({ code: 'PGRST001', message: 'Database client error', details: null, hint: null }),
        {
          status: 503,
          headers: { 'content-type': 'application/json' },
        },
      );
    const store = createSupabaseSessionStore({
      url: 'http://127.0.0.1:9',
      key: serviceRoleKey,
      fetch: fetch503,
    });
    expect(StoreUnavailableError.isInstance(await rejection(store.getThread('default', 't')))).toBe(true);
  });

  it('refuses every call after close with StoreUnavailableError, sending nothing', async () => {
    let requests = 0;
    const counting: typeof fetch = async () => {
      requests += 1;
      return new Response('true', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const store = createSupabaseSessionStore({
      url: 'http://127.0.0.1:9',
      key: serviceRoleKey,
      fetch: counting,
    });
    await store.ping();
    await store.close();
    expect(StoreUnavailableError.isInstance(await rejection(store.ping()))).toBe(true);
    expect(requests).toBe(1);
  });

  it('refuses a cursor it did not hand out, or one of another list, before sending anything', async () => {
    const store = createSupabaseSessionStore({ url: 'http://127.0.0.1:9', key: serviceRoleKey });
    for (const cursor of [
      'nonsense',
      Buffer.from('{"list":"audit","key":["t","i"]}').toString('base64url'),
    ]) {
      expect(InvalidArgumentError.isInstance(await rejection(store.listThreads('default', { cursor })))).toBe(
        true,
      );
    }
    const invalidDate = store.createThread({ tenantId: 'default', expiresAt: new Date('not a date') });
    expect(await rejection(invalidDate)).toMatchObject({ argument: 'expiresAt' });
  });
});

describe.skipIf(!postgres.available)('createSupabaseSessionStore against the PostgREST shim', () => {
  let project: SupabaseTestProject | undefined;
  const cleanups: Array<() => Promise<void>> = [];

  afterEach(async () => {
    await project?.close();
    project = undefined;
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('sends nothing but POST /rest/v1/rpc/exai_* calls, with the key as apikey', async () => {
    project = await createSupabaseTestProject();
    const sent: Array<{ method: string; url: string; apikey: string | null; profile: string | null }> = [];
    const recording: typeof fetch = async (input, init) => {
      const headers = new Headers(init?.headers);
      sent.push({
        method: init?.method ?? 'GET',
        url: String(input),
        apikey: headers.get('apikey'),
        profile: headers.get('content-profile'),
      });
      return fetch(input, init);
    };
    const store = project.createStore({ fetch: recording });
    await exerciseEveryMethod(store);
    expect(sent.length).toBeGreaterThan(20);
    const calledFunctions = new Set<string>();
    for (const request of sent) {
      expect(request.method).toBe('POST');
      expect(request.apikey).toBe(serviceRoleKey);
      expect(request.profile).toBe(project.testSchema.schema);
      const match = new RegExp(`^${project.url}/rest/v1/rpc/(exai_[a-z_]+)$`).exec(request.url);
      expect(match, request.url).not.toBeNull();
      calledFunctions.add(match![1]!);
    }
    expect([...calledFunctions].sort()).toEqual([...rpcFunctions].sort());
  });

  it('maps the functions’ own errors: unusable limits and roles become InvalidArgumentError', async () => {
    project = await createSupabaseTestProject();
    const store = project.createStore();
    for (const limit of [0, 501]) {
      const error = await rejection(store.listThreads('default', { limit }));
      expect(InvalidArgumentError.isInstance(error), String(limit)).toBe(true);
      expect(error).toMatchObject({ argument: 'limit' });
    }
    await store.createThread({ tenantId: 'default', id: 't' });
    const role = await rejection(
      store.appendTurn({ tenantId: 'default', threadId: 't', role: 'robot' as 'user', content: 'x' }),
    );
    expect(InvalidArgumentError.isInstance(role)).toBe(true);
    expect(await store.listTurns('default', 't')).toEqual([]);
  });

  it('says to apply the migrations when the RPC functions are missing', async () => {
    const testSchema = await createTestSchema({ prefix: 'exai_supabase' });
    cleanups.push(() => testSchema.drop());
    await migrate(postgresMigrationDriver(testSchema.pool, testSchema.schema), postgresMigrations, {
      direction: 'up',
    });
    const shim = await createPostgrestShim({
      databaseUrl: testSchema.url,
      schema: testSchema.schema,
      jwtSecret: testJwtSecret,
    });
    cleanups.unshift(() => shim.close());
    const store = createSupabaseSessionStore({
      url: shim.url,
      key: serviceRoleKey,
      schema: testSchema.schema,
    });
    const error = await rejection(store.ping());
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404, isRetryable: false });
    expect((error as Error).message).toContain('supabaseMigrations');
  });

  it('refuses a key signed with another secret, and a schema the API does not expose', async () => {
    project = await createSupabaseTestProject();
    const forged = project.createStore({ key: signTestJwt({ role: 'service_role' }, 'wrong-secret') });
    expect(await rejection(forged.ping())).toMatchObject({ statusCode: 401, code: 'authentication_failed' });
    const otherSchema = project.createStore({ schema: 'public' });
    const error = await rejection(otherSchema.ping());
    expect(error).toMatchObject({ statusCode: 406 });
    expect((error as Error).message).toContain('exposed schemas');
  });
});

/** Calls every method of the contract once, so a test can watch what goes over the wire. */
async function exerciseEveryMethod(store: SessionStoreV1): Promise<void> {
  const tenantId = 'acme';
  await store.ping();
  await store.createTenant({ id: tenantId });
  await store.getTenant(tenantId);
  await store.listTenants();
  const key = await store.createApiKey({ tenantId, name: 'ci', prefix: 'exai_c', hash: 'c'.repeat(64) });
  await store.findApiKeyByHash(key.hash);
  await store.listApiKeys(tenantId);
  await store.markApiKeysUsed!([key.id], new Date());
  await store.revokeApiKey(tenantId, key.id);
  await store.createThread({ tenantId, id: 't' });
  await store.getThread(tenantId, 't');
  await store.listThreads(tenantId, { limit: 1 });
  await store.appendTurn({ tenantId, threadId: 't', role: 'user', content: 'hi' });
  await store.commitTurn({
    tenantId,
    thread: { id: 't' },
    idempotencyKey: 'call-1',
    turns: [
      { role: 'user', content: 'question' },
      { role: 'assistant', content: 'answer' },
    ],
  });
  await store.listTurns(tenantId, 't');
  await store.putWorkflowState(tenantId, 't', { step: 1 });
  await store.getWorkflowState(tenantId, 't');
  const file = { tenantId, provider: 'kimi', sha256: 'f'.repeat(64), providerFileId: 'f1', sizeInBytes: 1 };
  await store.putFileRecord(file);
  await store.getFileRecord(tenantId, 'kimi', file.sha256);
  await store.adjustFileReferences(tenantId, 'kimi', file.sha256, 1);
  await store.listFileRecords(tenantId);
  await store.recordUsage({
    tenantId,
    model: 'm',
    inputTokens: 1,
    outputTokens: 1,
    latencyInMs: 1,
    status: 'ok',
  });
  await store.listUsage(tenantId);
  await store.summarizeUsage(tenantId);
  await store.appendAudit({ tenantId, action: 'a.b' });
  await store.listAudit(tenantId);
  const task = await store.createTask({ tenantId, request: { method: 'tools/call' }, ttlInMs: 60_000 });
  await store.getTask(tenantId, task.id);
  await store.updateTask({ tenantId, id: task.id, status: 'completed', result: {} });
  await store.listTasks(tenantId);
  const event = await store.appendStreamEvent({ tenantId, streamId: 's', message: {} });
  await store.replayStreamEvents(tenantId, event.eventId);
  const records = [];
  for await (const record of store.exportRecords()) records.push(record);
  await store.importRecords(records);
  await store.deleteFileRecord(tenantId, 'kimi', file.sha256);
  await store.deleteThread(tenantId, 't');
  await store.expire(new Date());
  await store.prune({ auditBefore: new Date('2000-01-01') });
  await store.countTenantData(tenantId);
  await store.deleteTenantData({ tenantId });
}
