/** Provider file records, usage records and audit events. */
export const rpcRecordsSql = `
create function exai_put_file_record(p_provider text, p_sha256 text, p_provider_file_id text, p_size_bytes bigint,
  p_tenant_id text default null, p_filename text default null, p_expires_at timestamptz default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  r files;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into files (tenant_id, provider, sha256, provider_file_id, filename, size_bytes, created_at, expires_at)
  values (v_tenant, p_provider, p_sha256, p_provider_file_id, p_filename, p_size_bytes, exai_rpc_now(), p_expires_at)
  on conflict (tenant_id, provider, sha256) do update
    set provider_file_id = excluded.provider_file_id, filename = coalesce(excluded.filename, files.filename),
        size_bytes = excluded.size_bytes, expires_at = excluded.expires_at
  returning * into r;
  return exai_rpc_file_json(r);
end
$$;

create function exai_get_file_record(p_provider text, p_sha256 text, p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (select exai_rpc_file_json(f) from files f
           where f.tenant_id = v_tenant and f.provider = p_provider and f.sha256 = p_sha256);
end
$$;

create function exai_adjust_file_references(p_provider text, p_sha256 text, p_delta integer, p_tenant_id text default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  r files;
begin
  update files set ref_count = greatest(0, ref_count + p_delta)
   where tenant_id = v_tenant and provider = p_provider and sha256 = p_sha256
  returning * into r;
  if not found then
    perform exai_rpc_not_found('file', p_provider || ':' || p_sha256,
      format('No file record for provider "%s" and sha256 "%s" exists in tenant "%s".', p_provider, p_sha256, v_tenant));
  end if;
  return exai_rpc_file_json(r);
end
$$;

create function exai_delete_file_record(p_provider text, p_sha256 text, p_tenant_id text default null)
returns boolean language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  delete from files where tenant_id = v_tenant and provider = p_provider and sha256 = p_sha256;
  return found;
end
$$;

create function exai_list_file_records(p_tenant_id text default null, p_limit integer default null,
  p_after_provider text default null, p_after_sha256 text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_file_json(s.f),
           'key', jsonb_build_array((s.f).provider, (s.f).sha256)) order by (s.f).provider, (s.f).sha256), '[]'::jsonb)
    into v_rows
    from (select f from files f
           where f.tenant_id = v_tenant
             and (p_after_provider is null or (f.provider, f.sha256) > (p_after_provider, p_after_sha256))
           order by f.provider, f.sha256
           limit v_limit + 1) s;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_record_usage(p_model text, p_input_tokens integer, p_output_tokens integer, p_latency_ms integer,
  p_status text, p_tenant_id text default null, p_id text default null, p_thread_id text default null,
  p_cost_usd numeric default null, p_error_code text default null, p_created_at timestamptz default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_id text := coalesce(p_id, gen_random_uuid()::text);
  r usage_records;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
    status, error_code, created_at)
  values (v_tenant, v_id, p_thread_id, p_model, p_input_tokens, p_output_tokens, p_cost_usd, p_latency_ms,
    p_status, p_error_code, coalesce(p_created_at, exai_rpc_now()))
  on conflict (tenant_id, id) do nothing
  returning * into r;
  if not found then perform exai_rpc_exists('usage', v_id); end if;
  return exai_rpc_usage_json(r);
end
$$;

create function exai_list_usage(p_tenant_id text default null, p_from timestamptz default null,
  p_to timestamptz default null, p_limit integer default null, p_after_time timestamptz default null,
  p_after_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_usage_json(s.u),
           'key', jsonb_build_array(exai_rpc_exact_time((s.u).created_at), (s.u).id))
           order by (s.u).created_at desc, (s.u).id desc), '[]'::jsonb)
    into v_rows
    from (select u from usage_records u
           where u.tenant_id = v_tenant
             and (p_from is null or u.created_at >= p_from) and (p_to is null or u.created_at < p_to)
             and (p_after_time is null or (u.created_at, u.id) < (p_after_time, p_after_id))
           order by u.created_at desc, u.id desc
           limit v_limit + 1) s;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_summarize_usage(p_tenant_id text default null, p_from timestamptz default null,
  p_to timestamptz default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (
    select coalesce(jsonb_agg(jsonb_build_object('day', s.day, 'model', s.model, 'calls', s.calls, 'errors', s.errors,
             'inputTokens', s.input_tokens, 'outputTokens', s.output_tokens, 'costInUsd', s.cost_usd)
             order by s.day, s.model), '[]'::jsonb)
      from (select to_char(u.created_at at time zone 'UTC', 'YYYY-MM-DD') as day, u.model,
                   count(*) as calls, count(*) filter (where u.status = 'error') as errors,
                   sum(u.input_tokens) as input_tokens, sum(u.output_tokens) as output_tokens,
                   coalesce(sum(u.cost_usd), 0) as cost_usd
              from usage_records u
             where u.tenant_id = v_tenant
               and (p_from is null or u.created_at >= p_from) and (p_to is null or u.created_at < p_to)
             group by 1, 2) s);
end
$$;

create function exai_append_audit(p_action text, p_tenant_id text default null, p_id text default null,
  p_at timestamptz default null, p_actor text default null, p_target text default null, p_detail jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_id text := coalesce(p_id, gen_random_uuid()::text);
  r audit_events;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into audit_events (tenant_id, id, at, actor, action, target, detail)
  values (v_tenant, v_id, coalesce(p_at, exai_rpc_now()), p_actor, p_action, p_target, coalesce(p_detail, '{}'::jsonb))
  on conflict (tenant_id, id) do nothing
  returning * into r;
  if not found then perform exai_rpc_exists('audit', v_id); end if;
  return exai_rpc_audit_json(r);
end
$$;

create function exai_list_audit(p_tenant_id text default null, p_action text default null, p_limit integer default null,
  p_after_time timestamptz default null, p_after_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_audit_json(s.a),
           'key', jsonb_build_array(exai_rpc_exact_time((s.a).at), (s.a).id))
           order by (s.a).at desc, (s.a).id desc), '[]'::jsonb)
    into v_rows
    from (select a from audit_events a
           where a.tenant_id = v_tenant and (p_action is null or a.action = p_action)
             and (p_after_time is null or (a.at, a.id) < (p_after_time, p_after_id))
           order by a.at desc, a.id desc
           limit v_limit + 1) s;
  return exai_rpc_page(v_rows, v_limit);
end
$$;
`;
