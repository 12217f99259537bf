import { ApiCallError, type SessionStoreV1 } from '@exai/core';
import { signTestJwt } from '@exai/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import type {
  RpcFunctionName,
  serviceOnlyWriteRpcFunctions,
  userRpcFunctions,
} from './migrations/rpc-function-names.js';
import {
  anonKey,
  createSupabaseTestProject,
  userAccessToken,
  type SupabaseTestProject,
} from './test-support/supabase-test-project.js';
import {
  callRpcAs,
  fileSha,
  seedTwoTenants,
  snapshotTenant,
  tenantA,
  tenantB,
  type RawRpcResponse,
} from './test-support/two-tenant-fixture.js';

const postgres = await probePostgres();

/** Awaits `call` and returns the `ApiCallError` it must reject with. */
async function refusal(call: () => Promise<unknown>): Promise<ApiCallError> {
  try {
    await call();
  } catch (error) {
    if (ApiCallError.isInstance(error)) return error;
    throw error;
  }
  return expect.fail('the call was allowed');
}

/** Every contract method, aimed at tenant B (or, for cross-tenant methods, at everyone). */
function callsAgainstTenantB(store: SessionStoreV1): Record<string, () => Promise<unknown>> {
  const thread = `${tenantB}-thread`;
  const sha = fileSha(tenantB);
  return {
    createTenant: () => store.createTenant({ id: 'tenant-c' }),
    getTenant: () => store.getTenant(tenantB),
    listTenants: () => store.listTenants(),
    createApiKey: () => store.createApiKey({ tenantId: tenantB, name: 'x', prefix: 'x', hash: 'planted' }),
    findApiKeyByHash: () => store.findApiKeyByHash(`${tenantB}-hash`),
    listApiKeys: () => store.listApiKeys(tenantB),
    revokeApiKey: () => store.revokeApiKey(tenantB, `${tenantB}-key`),
    markApiKeysUsed: () => store.markApiKeysUsed!([`${tenantB}-key`], new Date()),
    createThread: () => store.createThread({ tenantId: tenantB, id: 'planted' }),
    getThread: () => store.getThread(tenantB, thread),
    listThreads: () => store.listThreads(tenantB),
    deleteThread: () => store.deleteThread(tenantB, thread),
    appendTurn: () =>
      store.appendTurn({ tenantId: tenantB, threadId: thread, role: 'user', content: 'planted' }),
    commitTurn: () =>
      store.commitTurn({
        tenantId: tenantB,
        thread: { id: thread, create: {} },
        idempotencyKey: 'planted',
        turns: [
          { role: 'user', content: 'planted' },
          { role: 'assistant', content: 'planted' },
        ],
      }),
    listTurns: () => store.listTurns(tenantB, thread),
    getWorkflowState: () => store.getWorkflowState(tenantB, thread),
    putWorkflowState: () => store.putWorkflowState(tenantB, thread, { owner: 'attacker' }),
    putFileRecord: () =>
      store.putFileRecord({
        tenantId: tenantB,
        provider: 'kimi',
        sha256: sha,
        providerFileId: 'planted',
        sizeInBytes: 1,
      }),
    getFileRecord: () => store.getFileRecord(tenantB, 'kimi', sha),
    adjustFileReferences: () => store.adjustFileReferences(tenantB, 'kimi', sha, -2),
    deleteFileRecord: () => store.deleteFileRecord(tenantB, 'kimi', sha),
    listFileRecords: () => store.listFileRecords(tenantB),
    recordUsage: () =>
      store.recordUsage({
        tenantId: tenantB,
        model: 'x',
        inputTokens: 1,
        outputTokens: 1,
        latencyInMs: 1,
        status: 'ok',
      }),
    listUsage: () => store.listUsage(tenantB),
    summarizeUsage: () => store.summarizeUsage(tenantB),
    appendAudit: () => store.appendAudit({ tenantId: tenantB, action: 'planted' }),
    listAudit: () => store.listAudit(tenantB),
    createTask: () => store.createTask({ tenantId: tenantB, request: { planted: true } }),
    getTask: () => store.getTask(tenantB, 'task'),
    updateTask: () => store.updateTask({ tenantId: tenantB, id: 'task', status: 'cancelled' }),
    listTasks: () => store.listTasks(tenantB),
    appendStreamEvent: () => store.appendStreamEvent({ tenantId: tenantB, streamId: 's', message: {} }),
    replayStreamEvents: () => store.replayStreamEvents(tenantB, 'event'),
    expire: () => store.expire(new Date('2999-01-01')),
    countTenantData: () => store.countTenantData(tenantB),
    deleteTenantData: () => store.deleteTenantData({ tenantId: tenantB }),
    prune: () =>
      store.prune({
        threadsUpdatedBefore: new Date('2999-01-01'),
        usageCreatedBefore: new Date('2999-01-01'),
        auditBefore: new Date('2999-01-01'),
      }),
    exportRecords: async () => {
      for await (const record of store.exportRecords()) void record;
    },
    importRecords: () =>
      store.importRecords([
        {
          type: 'thread',
          record: {
            tenantId: tenantB,
            id: 'planted',
            title: undefined,
            createdAt: new Date(),
            updatedAt: new Date(),
            expiresAt: undefined,
            turnCount: 0,
            metadata: {},
          },
        },
      ]),
  };
}

/**
 * Direct RPC calls that leave the tenant out and name tenant B's records by id, as a client
 * holding a user token could. Each must stay inside the token's tenant.
 */
const rawCallsNamingTenantBRecords: Record<(typeof userRpcFunctions)[number], Record<string, unknown>> = {
  exai_get_tenant: {},
  exai_create_thread: { p_id: 'planted-thread', p_title: 'planted' },
  exai_get_thread: { p_thread_id: `${tenantB}-thread` },
  exai_list_threads: {},
  exai_delete_thread: { p_thread_id: `${tenantB}-thread` },
  exai_append_turn: { p_thread_id: `${tenantB}-thread`, p_role: 'user', p_content: 'planted' },
  exai_list_turns: { p_thread_id: `${tenantB}-thread` },
  exai_get_workflow_state: { p_thread_id: `${tenantB}-thread` },
  exai_put_workflow_state: { p_thread_id: `${tenantB}-thread`, p_state: { owner: 'attacker' } },
  exai_get_file_record: { p_provider: 'kimi', p_sha256: fileSha(tenantB) },
  exai_delete_file_record: { p_provider: 'kimi', p_sha256: fileSha(tenantB) },
  exai_list_file_records: {},
  exai_list_usage: {},
  exai_summarize_usage: {},
  exai_list_audit: {},
  exai_ping: {},
};

/** Writes only the service role may make, called with a user token: negative usage, backdated audit. */
const rawServiceOnlyWrites: Record<(typeof serviceOnlyWriteRpcFunctions)[number], Record<string, unknown>> = {
  exai_put_file_record: {
    p_provider: 'kimi',
    p_sha256: 'c'.repeat(64),
    p_provider_file_id: 'planted',
    p_size_bytes: 1,
  },
  exai_adjust_file_references: { p_provider: 'kimi', p_sha256: fileSha(tenantA), p_delta: -2 },
  exai_record_usage: {
    p_id: 'negative-usage',
    p_model: 'x',
    p_input_tokens: -1000000,
    p_output_tokens: 1,
    p_latency_ms: 1,
    p_status: 'ok',
  },
  exai_append_audit: {
    p_id: 'backdated-audit',
    p_action: 'planted',
    p_actor: 'system',
    p_at: '2000-01-01T00:00:00Z',
  },
};

describe.skipIf(!postgres.available)('Supabase store: a user key acts only for its own tenant', () => {
  let project: SupabaseTestProject | undefined;

  afterEach(async () => {
    await project?.close();
    project = undefined;
  });

  async function seeded(): Promise<{ project: SupabaseTestProject; service: SessionStoreV1 }> {
    project = await createSupabaseTestProject();
    const service = project.createStore();
    await seedTwoTenants(service);
    return { project, service };
  }

  it('serves the tenant named in the access token', async () => {
    const { project } = await seeded();
    const user = project.createStore({ key: anonKey, accessToken: userAccessToken(tenantA) });
    await user.ping();
    expect(await user.getTenant(tenantA)).toMatchObject({ id: tenantA });
    const threads = await user.listThreads(tenantA);
    expect(threads.items.map((thread) => thread.id)).toEqual([`${tenantA}-thread`]);
    const appended = await user.appendTurn({
      tenantId: tenantA,
      threadId: `${tenantA}-thread`,
      role: 'user',
      content: 'hi',
    });
    expect(appended.turn.seq).toBe(2);
    expect(await user.getFileRecord(tenantA, 'kimi', fileSha(tenantA))).toMatchObject({ refCount: 2 });
  });

  it('refuses every contract method aimed at another tenant (or at all tenants), and changes nothing', async () => {
    const { project, service } = await seeded();
    const before = await snapshotTenant(service, tenantB);
    const user = project.createStore({ key: anonKey, accessToken: userAccessToken(tenantA) });
    const calls = callsAgainstTenantB(user);
    const contractMethods = Object.keys(service).filter(
      (name) => typeof (service as unknown as Record<string, unknown>)[name] === 'function',
    );
    expect(Object.keys(calls).sort()).toEqual(
      contractMethods.filter((name) => !['ping', 'close'].includes(name)).sort(),
    );

    for (const [method, call] of Object.entries(calls)) {
      const error = await refusal(call);
      expect(error.statusCode, method).toBe(403);
      expect(error.isRetryable, method).toBe(false);
    }
    expect(await snapshotTenant(service, tenantB)).toEqual(before);
  });

  it('keeps direct RPC calls that leave the tenant out inside the token’s tenant', async () => {
    const { project, service } = await seeded();
    const before = await snapshotTenant(service, tenantB);
    const token = userAccessToken(tenantA);
    const responses = new Map<RpcFunctionName, RawRpcResponse>();
    for (const [name, args] of Object.entries(rawCallsNamingTenantBRecords)) {
      responses.set(name as RpcFunctionName, await callRpcAs(project, token, name, args));
    }

    for (const [name, response] of responses) {
      expect(JSON.stringify(response.body), name).not.toContain(`secret of ${tenantB}`);
      expect(JSON.stringify(response.body), name).not.toContain(`"${tenantB}"`);
    }
    expect(responses.get('exai_get_thread')).toEqual({ status: 200, body: null });
    expect(responses.get('exai_delete_thread')).toEqual({ status: 200, body: false });
    expect(responses.get('exai_list_turns')).toEqual({ status: 200, body: [] });
    expect(responses.get('exai_get_workflow_state')).toEqual({ status: 200, body: null });
    expect(responses.get('exai_get_file_record')).toEqual({ status: 200, body: null });
    expect(responses.get('exai_delete_file_record')).toEqual({ status: 200, body: false });
    for (const missing of ['exai_append_turn', 'exai_put_workflow_state'] as const) {
      expect(responses.get(missing)?.body, missing).toMatchObject({ code: 'P0002' });
    }
    expect(responses.get('exai_get_tenant')?.body).toMatchObject({ id: tenantA });
    expect(responses.get('exai_create_thread')?.body).toMatchObject({
      tenantId: tenantA,
      id: 'planted-thread',
    });

    expect(await snapshotTenant(service, tenantB)).toEqual(before);
  });

  it('refuses a user token the writes only the service role may make, even in its own tenant', async () => {
    const { project, service } = await seeded();
    const before = await snapshotTenant(service, tenantA);
    const token = userAccessToken(tenantA);
    for (const [name, args] of Object.entries(rawServiceOnlyWrites)) {
      const response = await callRpcAs(project, token, name, args);
      expect(response, name).toMatchObject({ status: 403, body: { code: '42501' } });
    }
    const user = project.createStore({ key: anonKey, accessToken: token });
    const usage = { tenantId: tenantA, model: 'x', inputTokens: 1, outputTokens: 1, latencyInMs: 1 };
    expect((await refusal(() => user.recordUsage({ ...usage, status: 'ok' }))).statusCode).toBe(403);
    expect((await refusal(() => user.appendAudit({ tenantId: tenantA, action: 'planted' }))).statusCode).toBe(
      403,
    );
    const commit = user.commitTurn({
      tenantId: tenantA,
      thread: { id: `${tenantA}-thread` },
      idempotencyKey: 'planted',
      turns: [
        { role: 'user', content: 'planted' },
        { role: 'assistant', content: 'planted' },
      ],
      usage: { ...usage, status: 'ok' },
    });
    expect((await refusal(() => commit)).statusCode).toBe(403);
    expect(await snapshotTenant(service, tenantA)).toEqual(before);
  });

  it('lets a token without a tenant_id claim do nothing but ping', async () => {
    const { project, service } = await seeded();
    const before = await snapshotTenant(service, tenantB);
    const token = userAccessToken(undefined);
    for (const [name, args] of Object.entries(rawCallsNamingTenantBRecords)) {
      const response = await callRpcAs(project, token, name, args);
      if (name === 'exai_ping') expect(response).toEqual({ status: 200, body: true });
      else expect(response, name).toMatchObject({ status: 403, body: { code: '42501' } });
    }
    expect(await snapshotTenant(service, tenantB)).toEqual(before);
  });

  it('refuses a token signed with another secret, and the anon key everywhere but ping', async () => {
    const { project } = await seeded();
    const forged = signTestJwt({ role: 'service_role' }, 'not-the-project-secret');
    const forgedResponse = await callRpcAs(project, forged, 'exai_list_tenants', {});
    expect(forgedResponse).toMatchObject({ status: 401, body: { code: 'PGRST301' } });
    const forgedStore = project.createStore({ key: forged });
    expect((await refusal(() => forgedStore.listTenants())).statusCode).toBe(401);

    for (const [name, args] of Object.entries(rawCallsNamingTenantBRecords)) {
      const response = await callRpcAs(project, anonKey, name, args);
      if (name === 'exai_ping') expect(response.status).toBe(200);
      else expect(response, name).toMatchObject({ status: 401, body: { code: '42501' } });
    }
  });
});
