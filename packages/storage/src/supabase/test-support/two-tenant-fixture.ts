import type { SessionStoreV1, StoreRecord } from '@exai/core';
import { anonKey, type SupabaseTestProject } from './supabase-test-project.js';

export const tenantA = 'tenant-a';
export const tenantB = 'tenant-b';
export const fileSha = (tenantId: string) => (tenantId === tenantA ? 'a' : 'b').repeat(64);

/** The same shape of data in tenants A and B, ids prefixed by the tenant, written with the service key. */
export async function seedTwoTenants(service: SessionStoreV1): Promise<void> {
  for (const tenantId of [tenantA, tenantB]) {
    await service.createTenant({ id: tenantId, name: `Tenant ${tenantId}` });
    await service.createApiKey({
      tenantId,
      id: `${tenantId}-key`,
      name: 'ci',
      prefix: 'exai_x',
      hash: `${tenantId}-hash`,
    });
    await service.createThread({ tenantId, id: `${tenantId}-thread`, title: `secret of ${tenantId}` });
    await service.appendTurn({
      tenantId,
      threadId: `${tenantId}-thread`,
      role: 'user',
      content: `secret of ${tenantId}`,
    });
    await service.putWorkflowState(tenantId, `${tenantId}-thread`, { owner: tenantId });
    await service.putFileRecord({
      tenantId,
      provider: 'kimi',
      sha256: fileSha(tenantId),
      providerFileId: `${tenantId}-file`,
      sizeInBytes: 10,
    });
    await service.adjustFileReferences(tenantId, 'kimi', fileSha(tenantId), 2);
    await service.recordUsage({
      tenantId,
      id: `${tenantId}-usage`,
      model: 'kimi:k2',
      inputTokens: 1,
      outputTokens: 1,
      latencyInMs: 1,
      status: 'ok',
    });
    await service.appendAudit({
      tenantId,
      id: `${tenantId}-audit`,
      action: 'test.seed',
      detail: { tenantId },
    });
  }
}

/** Every record of one tenant, as comparable JSON, read with the service key. */
export async function snapshotTenant(service: SessionStoreV1, tenantId: string): Promise<string[]> {
  const records: string[] = [];
  for await (const entry of service.exportRecords()) {
    const record = entry.record as StoreRecord['record'] & { tenantId?: string; id?: string };
    const owner = entry.type === 'tenant' ? record.id : record.tenantId;
    if (owner === tenantId) records.push(JSON.stringify(entry));
  }
  return records.sort();
}

export interface RawRpcResponse {
  status: number;
  body: unknown;
}

/** Calls an RPC function directly over HTTP, as any client holding `accessToken` could. */
export async function callRpcAs(
  project: SupabaseTestProject,
  accessToken: string,
  functionName: string,
  args: Record<string, unknown>,
): Promise<RawRpcResponse> {
  const response = await fetch(`${project.url}/rest/v1/rpc/${functionName}`, {
    method: 'POST',
    headers: {
      apikey: anonKey,
      authorization: `Bearer ${accessToken}`,
      'content-type': 'application/json',
      'content-profile': project.testSchema.schema,
    },
    body: JSON.stringify(args),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}
