/**
 * Helpers of the RPC functions. None of them is callable through the API: EXECUTE is revoked
 * from everyone but their owner (see rpc-security-sql.ts).
 *
 * - `exai_rpc_caller_is_service()`: whether the request runs as `service_role`. It reads the
 *   `role` setting, which PostgREST sets with `SET LOCAL ROLE` from the verified JWT and which a
 *   SECURITY DEFINER function does not change (only `current_user` changes); a session can only
 *   take a role it is a member of, so the setting cannot be forged through the API.
 * - `exai_rpc_tenant(p_tenant_id)`: the tenant a call acts for. The service role acts for the
 *   tenant it names. Any other caller acts for `exai_current_tenant()` — the `tenant_id` claim of
 *   its JWT — and naming another tenant is refused (42501), as is a JWT without the claim.
 * - Errors carry a JSON `detail` (`recordType`/`recordId`, or `argument`) the adapter reads:
 *   P0002 for a missing record, 23505 for a taken key, 22023 for an unusable argument.
 * - Times leave as ISO 8601 UTC text with milliseconds (what a JavaScript `Date` holds); keyset
 *   cursors use microseconds so no row is skipped or repeated between pages.
 */
export const rpcHelpersSql = `
create function exai_rpc_caller_is_service() returns boolean
language sql stable
as $$ select coalesce(current_setting('role', true), 'none') = 'service_role' $$;

create function exai_rpc_not_found(p_record_type text, p_record_id text, p_message text) returns void
language plpgsql
as $$
begin
  raise exception using errcode = 'P0002', message = p_message,
    detail = jsonb_build_object('recordType', p_record_type, 'recordId', p_record_id)::text;
end
$$;

create function exai_rpc_exists(p_record_type text, p_record_id text) returns void
language plpgsql
as $$
begin
  raise exception using errcode = '23505',
    message = format('A %s with id "%s" already exists.', p_record_type, p_record_id),
    detail = jsonb_build_object('recordType', p_record_type, 'recordId', p_record_id)::text;
end
$$;

create function exai_rpc_invalid(p_argument text, p_message text) returns void
language plpgsql
as $$
begin
  raise exception using errcode = '22023', message = p_message,
    detail = jsonb_build_object('argument', p_argument)::text;
end
$$;

create function exai_rpc_require_service() returns void
language plpgsql stable
as $$
begin
  if not exai_rpc_caller_is_service() then
    raise exception 'Only the service role may call this function.' using errcode = '42501';
  end if;
end
$$;

create function exai_rpc_tenant(p_tenant_id text) returns text
language plpgsql stable
as $$
declare
  v_claimed text;
begin
  if exai_rpc_caller_is_service() then
    if p_tenant_id is null or btrim(p_tenant_id) = '' then
      perform exai_rpc_invalid('tenantId', 'A tenant id is required when calling with the service role key.');
    end if;
    return p_tenant_id;
  end if;
  v_claimed := exai_current_tenant();
  if v_claimed is null then
    raise exception 'The access token has no tenant_id claim, so it may not act for any tenant.'
      using errcode = '42501', hint = 'Give user access tokens a tenant_id claim, or use the service role key.';
  end if;
  if p_tenant_id is not null and p_tenant_id <> v_claimed then
    raise exception 'The access token is for tenant "%"; it may not act for tenant "%".', v_claimed, p_tenant_id
      using errcode = '42501';
  end if;
  return v_claimed;
end
$$;

create function exai_rpc_require_tenant(p_tenant_id text) returns void
language plpgsql stable
as $$
begin
  if not exists (select 1 from tenants where id = p_tenant_id) then
    perform exai_rpc_not_found('tenant', p_tenant_id,
      format('No tenant "%s" exists; create it with createTenant first.', p_tenant_id));
  end if;
end
$$;

create function exai_rpc_require_thread(p_tenant_id text, p_thread_id text) returns void
language plpgsql stable
as $$
begin
  if not exists (select 1 from threads where tenant_id = p_tenant_id and id = p_thread_id) then
    perform exai_rpc_not_found('thread', p_thread_id,
      format('No thread "%s" exists in tenant "%s" (it may have expired or been deleted).', p_thread_id, p_tenant_id));
  end if;
end
$$;

create function exai_rpc_limit(p_limit integer) returns integer
language plpgsql immutable
as $$
begin
  if p_limit is null then return 50; end if;
  if p_limit < 1 or p_limit > 500 then
    perform exai_rpc_invalid('limit', format('A page limit must be between 1 and 500, not %s.', p_limit));
  end if;
  return p_limit;
end
$$;

create function exai_rpc_now() returns timestamptz
language sql stable
as $$ select date_trunc('milliseconds', now()) $$;

create function exai_rpc_time(p_time timestamptz) returns text
language sql stable
as $$ select to_char(p_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') $$;

create function exai_rpc_exact_time(p_time timestamptz) returns text
language sql stable
as $$ select to_char(p_time at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') $$;

-- A page from rows [{item, key}] fetched with limit + 1: the extra row only says that more follow.
create function exai_rpc_page(p_rows jsonb, p_limit integer) returns jsonb
language sql immutable
as $$
  select jsonb_build_object(
    'items', coalesce((select jsonb_agg(e -> 'item' order by i) from jsonb_array_elements(p_rows) with ordinality as a (e, i)
                        where i <= p_limit), '[]'::jsonb),
    'next', case when jsonb_array_length(p_rows) > p_limit then p_rows -> (p_limit - 1) -> 'key' end)
$$;

create function exai_rpc_tenant_json(r tenants) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', r.id, 'name', r.name, 'createdAt', exai_rpc_time(r.created_at),
    'disabled', r.disabled, 'settings', r.settings)
$$;

create function exai_rpc_api_key_json(r api_keys) returns jsonb
language sql stable
as $$
  select jsonb_build_object('id', r.id, 'tenantId', r.tenant_id, 'name', r.name, 'prefix', r.prefix, 'hash', r.hash,
    'createdAt', exai_rpc_time(r.created_at), 'revokedAt', exai_rpc_time(r.revoked_at),
    'lastUsedAt', exai_rpc_time(r.last_used_at))
$$;

create function exai_rpc_thread_json(r threads) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'id', r.id, 'title', r.title,
    'createdAt', exai_rpc_time(r.created_at), 'updatedAt', exai_rpc_time(r.updated_at),
    'expiresAt', exai_rpc_time(r.expires_at), 'turnCount', r.turn_count, 'metadata', r.metadata)
$$;

create function exai_rpc_turn_json(r turns) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'threadId', r.thread_id, 'seq', r.seq, 'role', r.role,
    'content', r.content, 'toolName', r.tool_name, 'model', r.model, 'files', r.files,
    'idempotencyKey', r.idempotency_key, 'createdAt', exai_rpc_time(r.created_at), 'metadata', r.metadata)
$$;

create function exai_rpc_workflow_state_json(r workflow_states) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'threadId', r.thread_id, 'state', r.state,
    'updatedAt', exai_rpc_time(r.updated_at))
$$;

create function exai_rpc_file_json(r files) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'provider', r.provider, 'sha256', r.sha256,
    'providerFileId', r.provider_file_id, 'filename', r.filename, 'sizeInBytes', r.size_bytes,
    'createdAt', exai_rpc_time(r.created_at), 'expiresAt', exai_rpc_time(r.expires_at), 'refCount', r.ref_count)
$$;

create function exai_rpc_usage_json(r usage_records) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'id', r.id, 'threadId', r.thread_id, 'model', r.model,
    'inputTokens', r.input_tokens, 'outputTokens', r.output_tokens, 'costInUsd', r.cost_usd,
    'latencyInMs', r.latency_ms, 'status', r.status, 'errorCode', r.error_code,
    'createdAt', exai_rpc_time(r.created_at))
$$;

create function exai_rpc_audit_json(r audit_events) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'id', r.id, 'at', exai_rpc_time(r.at), 'actor', r.actor,
    'action', r.action, 'target', r.target, 'detail', r.detail)
$$;
`;
