import { tenantDataRpcFunctions } from './rpc-function-names.js';
import { procNameIn, rpcFunctionOwnershipSql, rpcSecurityBlockSql } from './rpc-ownership-sql.js';

/**
 * Deletion of a tenant's data and retention, for the service role only:
 * - `exai_count_tenant_data(p_tenant_id)`: what a deletion would remove.
 * - `exai_delete_tenant_data(p_tenant_id, p_audit)`: deletes the tenant's row and puts it back in
 *   one transaction, so every table referencing `tenants` with `on delete cascade` loses the
 *   tenant's rows, then stores the one audit event of the deletion.
 * - `exai_prune(p_threads_before, p_usage_before, p_audit_before)`: retention, in every tenant.
 *
 * A per-tenant table added later (tasks, …) is covered by the cascade; its count goes in a
 * replacement of `exai_rpc_count_tenant_data` in that table's migration.
 */
export const rpcTenantDataSql = `
create function exai_rpc_count_tenant_data(p_tenant_id text) returns jsonb
language sql stable
as $$
  select jsonb_build_object(
    'threads', (select count(*) from threads where tenant_id = p_tenant_id),
    'turns', (select count(*) from turns where tenant_id = p_tenant_id),
    'workflowStates', (select count(*) from workflow_states where tenant_id = p_tenant_id),
    'files', (select count(*) from files where tenant_id = p_tenant_id),
    'usage', (select count(*) from usage_records where tenant_id = p_tenant_id),
    'audit', (select count(*) from audit_events where tenant_id = p_tenant_id),
    'apiKeys', (select count(*) from api_keys where tenant_id = p_tenant_id))
$$;

create function exai_count_tenant_data(p_tenant_id text)
returns jsonb language plpgsql stable security definer
as $$
begin
  perform exai_rpc_require_service();
  perform exai_rpc_require_tenant(p_tenant_id);
  return exai_rpc_count_tenant_data(p_tenant_id);
end
$$;

create function exai_delete_tenant_data(p_tenant_id text, p_audit jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant tenants;
  v_counts jsonb;
  v_audit jsonb := coalesce(p_audit, '{}'::jsonb);
begin
  perform exai_rpc_require_service();
  select * into v_tenant from tenants where id = p_tenant_id for update;
  if not found then perform exai_rpc_require_tenant(p_tenant_id); end if;
  v_counts := exai_rpc_count_tenant_data(p_tenant_id);
  delete from tenants where id = p_tenant_id;
  insert into tenants (id, name, created_at, disabled, settings)
  values (v_tenant.id, v_tenant.name, v_tenant.created_at, v_tenant.disabled, v_tenant.settings);
  insert into audit_events (tenant_id, id, at, actor, action, target, detail)
  values (p_tenant_id,
    coalesce(v_audit ->> 'id', gen_random_uuid()::text),
    coalesce((v_audit ->> 'at')::timestamptz, exai_rpc_now()),
    v_audit ->> 'actor',
    coalesce(v_audit ->> 'action', 'tenant.delete'),
    coalesce(v_audit ->> 'target', p_tenant_id),
    coalesce(v_audit -> 'detail', '{}'::jsonb) || jsonb_build_object('deleted', v_counts));
  return v_counts;
end
$$;

create function exai_prune(p_threads_before timestamptz default null, p_usage_before timestamptz default null,
  p_audit_before timestamptz default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_threads integer := 0;
  v_usage integer := 0;
  v_audit integer := 0;
begin
  perform exai_rpc_require_service();
  perform set_config('exai.actor', 'system', true);
  if p_threads_before is not null then
    delete from threads where updated_at < p_threads_before;
    get diagnostics v_threads = row_count;
  end if;
  if p_usage_before is not null then
    delete from usage_records where created_at < p_usage_before;
    get diagnostics v_usage = row_count;
  end if;
  if p_audit_before is not null then
    delete from audit_events where at < p_audit_before;
    get diagnostics v_audit = row_count;
  end if;
  return jsonb_build_object('threads', v_threads, 'usage', v_usage, 'audit', v_audit);
end
$$;

${rpcSecurityBlockSql({
  statements: rpcFunctionOwnershipSql({
    columns: ["p.proname like 'exai\\_rpc\\_%' as helper"],
    functionsWhere: `(${procNameIn(tenantDataRpcFunctions)} or p.proname = 'exai_rpc_count_tenant_data')`,
    grants: [{ role: 'service_role', when: 'not v_function.helper' }],
  }),
})}
`;

export const rpcTenantDataDownSql = `
drop function exai_prune(timestamptz, timestamptz, timestamptz);
drop function exai_delete_tenant_data(text, jsonb);
drop function exai_count_tenant_data(text);
drop function exai_rpc_count_tenant_data(text);
`;
