/**
 * Retention, backup and health. `exai_expire`, `exai_export_records` and `exai_import_records`
 * work across tenants, so only the service role may call them.
 *
 * Export is keyset-paged per record type, in an order that puts parents first (tenants, API keys,
 * threads, turns, workflow states, files, usage, audit). Import takes a batch of `{type, record}`
 * in that order and skips any record whose key exists.
 */
export const rpcBackupSql = `
create function exai_expire(p_now timestamptz default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_now timestamptz := coalesce(p_now, now());
  v_threads integer;
  v_files integer;
begin
  perform exai_rpc_require_service();
  -- The audit trigger records these deletions as the system's, as the PostgreSQL store's sweep does.
  perform set_config('exai.actor', 'system', true);
  delete from threads where expires_at < v_now;
  get diagnostics v_threads = row_count;
  delete from files where expires_at < v_now;
  get diagnostics v_files = row_count;
  return jsonb_build_object('threads', v_threads, 'files', v_files);
end
$$;

create function exai_export_records(p_type text, p_after jsonb default null, p_limit integer default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  perform exai_rpc_require_service();
  case p_type
  when 'tenant' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_tenant_json(s.r), 'key', jsonb_build_array((s.r).id))
             order by (s.r).id), '[]'::jsonb) into v_rows
      from (select r from tenants r where p_after is null or r.id > p_after ->> 0
             order by r.id limit v_limit + 1) s;
  when 'api-key' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_api_key_json(s.r), 'key', jsonb_build_array((s.r).id))
             order by (s.r).id), '[]'::jsonb) into v_rows
      from (select r from api_keys r where p_after is null or r.id > p_after ->> 0
             order by r.id limit v_limit + 1) s;
  when 'thread' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_thread_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).id)) order by (s.r).tenant_id, (s.r).id), '[]'::jsonb) into v_rows
      from (select r from threads r
             where p_after is null or (r.tenant_id, r.id) > (p_after ->> 0, p_after ->> 1)
             order by r.tenant_id, r.id limit v_limit + 1) s;
  when 'turn' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_turn_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).thread_id, (s.r).seq))
             order by (s.r).tenant_id, (s.r).thread_id, (s.r).seq), '[]'::jsonb) into v_rows
      from (select r from turns r
             where p_after is null
                or (r.tenant_id, r.thread_id, r.seq) > (p_after ->> 0, p_after ->> 1, (p_after ->> 2)::integer)
             order by r.tenant_id, r.thread_id, r.seq limit v_limit + 1) s;
  when 'workflow-state' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_workflow_state_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).thread_id)) order by (s.r).tenant_id, (s.r).thread_id),
             '[]'::jsonb) into v_rows
      from (select r from workflow_states r
             where p_after is null or (r.tenant_id, r.thread_id) > (p_after ->> 0, p_after ->> 1)
             order by r.tenant_id, r.thread_id limit v_limit + 1) s;
  when 'file' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_file_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).provider, (s.r).sha256))
             order by (s.r).tenant_id, (s.r).provider, (s.r).sha256), '[]'::jsonb) into v_rows
      from (select r from files r
             where p_after is null or (r.tenant_id, r.provider, r.sha256) > (p_after ->> 0, p_after ->> 1, p_after ->> 2)
             order by r.tenant_id, r.provider, r.sha256 limit v_limit + 1) s;
  when 'usage' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_usage_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).id)) order by (s.r).tenant_id, (s.r).id), '[]'::jsonb) into v_rows
      from (select r from usage_records r
             where p_after is null or (r.tenant_id, r.id) > (p_after ->> 0, p_after ->> 1)
             order by r.tenant_id, r.id limit v_limit + 1) s;
  when 'audit' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_audit_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).id)) order by (s.r).tenant_id, (s.r).id), '[]'::jsonb) into v_rows
      from (select r from audit_events r
             where p_after is null or (r.tenant_id, r.id) > (p_after ->> 0, p_after ->> 1)
             order by r.tenant_id, r.id limit v_limit + 1) s;
  else
    perform exai_rpc_invalid('type', format('Unknown record type "%s".', p_type));
  end case;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_import_records(p_records jsonb)
returns jsonb language plpgsql security definer
as $$
declare
  v_entry jsonb;
  v_type text;
  r jsonb;
  v_written integer;
  v_imported jsonb := '{}'::jsonb;
  v_skipped jsonb := '{}'::jsonb;
begin
  perform exai_rpc_require_service();
  if jsonb_typeof(p_records) is distinct from 'array' then
    perform exai_rpc_invalid('records', 'The records must be a JSON array of {type, record} objects.');
  end if;
  for v_entry in select e from jsonb_array_elements(p_records) e loop
    v_type := v_entry ->> 'type';
    r := v_entry -> 'record';
    if jsonb_typeof(r) is distinct from 'object' then
      perform exai_rpc_invalid('records', format('Every imported entry needs a record object; a %s entry has none.',
        coalesce(v_type, 'typeless')));
    end if;
    case v_type
    when 'tenant' then
      insert into tenants (id, name, created_at, disabled, settings)
      values (r ->> 'id', r ->> 'name', (r ->> 'createdAt')::timestamptz, (r ->> 'disabled')::boolean,
              coalesce(r -> 'settings', '{}'::jsonb))
      on conflict (id) do nothing;
    when 'api-key' then
      perform exai_rpc_require_tenant(r ->> 'tenantId');
      if exists (select 1 from api_keys where hash = r ->> 'hash' and id <> r ->> 'id') then
        perform exai_rpc_exists('api-key hash', r ->> 'hash');
      end if;
      insert into api_keys (id, tenant_id, name, prefix, hash, created_at, revoked_at, last_used_at)
      values (r ->> 'id', r ->> 'tenantId', r ->> 'name', r ->> 'prefix', r ->> 'hash', (r ->> 'createdAt')::timestamptz,
              (r ->> 'revokedAt')::timestamptz, (r ->> 'lastUsedAt')::timestamptz)
      on conflict (id) do nothing;
    when 'thread' then
      perform exai_rpc_require_tenant(r ->> 'tenantId');
      insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, turn_count, metadata)
      values (r ->> 'tenantId', r ->> 'id', r ->> 'title', (r ->> 'createdAt')::timestamptz,
              (r ->> 'updatedAt')::timestamptz, (r ->> 'expiresAt')::timestamptz, (r ->> 'turnCount')::integer,
              coalesce(r -> 'metadata', '{}'::jsonb))
      on conflict (tenant_id, id) do nothing;
    when 'turn' then
      perform exai_rpc_require_thread(r ->> 'tenantId', r ->> 'threadId');
      insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key,
                         created_at, metadata)
      values (r ->> 'tenantId', r ->> 'threadId', (r ->> 'seq')::integer, r ->> 'role', r ->> 'content',
              r ->> 'toolName', r ->> 'model', coalesce(r -> 'files', '[]'::jsonb), r ->> 'idempotencyKey',
              (r ->> 'createdAt')::timestamptz, coalesce(r -> 'metadata', '{}'::jsonb))
      on conflict do nothing;
    when 'workflow-state' then
      perform exai_rpc_require_thread(r ->> 'tenantId', r ->> 'threadId');
      insert into workflow_states (tenant_id, thread_id, state, updated_at)
      values (r ->> 'tenantId', r ->> 'threadId', coalesce(r -> 'state', '{}'::jsonb), (r ->> 'updatedAt')::timestamptz)
      on conflict (tenant_id, thread_id) do nothing;
    when 'file' then
      perform exai_rpc_require_tenant(r ->> 'tenantId');
      insert into files (tenant_id, provider, sha256, provider_file_id, filename, size_bytes, created_at, expires_at,
                         ref_count)
      values (r ->> 'tenantId', r ->> 'provider', r ->> 'sha256', r ->> 'providerFileId', r ->> 'filename',
              (r ->> 'sizeInBytes')::bigint, (r ->> 'createdAt')::timestamptz, (r ->> 'expiresAt')::timestamptz,
              (r ->> 'refCount')::integer)
      on conflict (tenant_id, provider, sha256) do nothing;
    when 'usage' then
      perform exai_rpc_require_tenant(r ->> 'tenantId');
      insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
                                 status, error_code, created_at)
      values (r ->> 'tenantId', r ->> 'id', r ->> 'threadId', r ->> 'model', (r ->> 'inputTokens')::integer,
              (r ->> 'outputTokens')::integer, (r ->> 'costInUsd')::numeric, (r ->> 'latencyInMs')::integer,
              r ->> 'status', r ->> 'errorCode', (r ->> 'createdAt')::timestamptz)
      on conflict (tenant_id, id) do nothing;
    when 'audit' then
      perform exai_rpc_require_tenant(r ->> 'tenantId');
      insert into audit_events (tenant_id, id, at, actor, action, target, detail)
      values (r ->> 'tenantId', r ->> 'id', (r ->> 'at')::timestamptz, r ->> 'actor', r ->> 'action', r ->> 'target',
              coalesce(r -> 'detail', '{}'::jsonb))
      on conflict (tenant_id, id) do nothing;
    else
      perform exai_rpc_invalid('records', format('Unknown record type "%s".', coalesce(v_type, 'null')));
    end case;
    get diagnostics v_written = row_count;
    if v_written > 0 then
      v_imported := jsonb_set(v_imported, array[v_type], to_jsonb(coalesce((v_imported ->> v_type)::integer, 0) + 1));
    else
      v_skipped := jsonb_set(v_skipped, array[v_type], to_jsonb(coalesce((v_skipped ->> v_type)::integer, 0) + 1));
    end if;
  end loop;
  return jsonb_build_object('imported', v_imported, 'skipped', v_skipped);
end
$$;

create function exai_ping()
returns boolean language sql stable security definer
as $$ select true $$;
`;
