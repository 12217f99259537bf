/**
 * Threads, turns and workflow state. `exai_append_turn` locks the thread row, so concurrent
 * appends to one thread queue up and each takes the next `seq`; a repeated idempotency key
 * finds the first turn once the lock is held.
 */
export const rpcThreadsSql = `
create function exai_create_thread(p_tenant_id text default null, p_id text default null, p_title text default null,
  p_expires_at timestamptz default null, p_metadata jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_id text := coalesce(p_id, gen_random_uuid()::text);
  v_now timestamptz := exai_rpc_now();
  r threads;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, metadata)
  values (v_tenant, v_id, p_title, v_now, v_now, p_expires_at, coalesce(p_metadata, '{}'::jsonb))
  on conflict (tenant_id, id) do nothing
  returning * into r;
  if not found then perform exai_rpc_exists('thread', v_id); end if;
  return exai_rpc_thread_json(r);
end
$$;

create function exai_get_thread(p_thread_id text, p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (select exai_rpc_thread_json(t) from threads t where t.tenant_id = v_tenant and t.id = p_thread_id);
end
$$;

create function exai_list_threads(p_tenant_id text default null, p_limit integer default null, p_search text default null,
  p_include_expired boolean default false, p_after_time timestamptz default null, p_after_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_limit integer := exai_rpc_limit(p_limit);
  v_pattern text;
  v_rows jsonb;
begin
  if p_search is not null and p_search <> '' then
    v_pattern := '%' || replace(replace(replace(p_search, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%';
  end if;
  select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_thread_json(s.t),
           'key', jsonb_build_array(exai_rpc_exact_time((s.t).updated_at), (s.t).id))
           order by (s.t).updated_at desc, (s.t).id desc), '[]'::jsonb)
    into v_rows
    from (select t from threads t
           where t.tenant_id = v_tenant
             and (coalesce(p_include_expired, false) or t.expires_at is null or t.expires_at >= now())
             and (p_after_time is null or (t.updated_at, t.id) < (p_after_time, p_after_id))
             and (v_pattern is null or t.title ilike v_pattern
                  or exists (select 1 from turns u where u.tenant_id = t.tenant_id and u.thread_id = t.id
                               and u.content ilike v_pattern))
           order by t.updated_at desc, t.id desc
           limit v_limit + 1) s;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_delete_thread(p_thread_id text, p_tenant_id text default null)
returns boolean language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  delete from threads where tenant_id = v_tenant and id = p_thread_id;
  return found;
end
$$;

create function exai_append_turn(p_thread_id text, p_role text, p_content text, p_tenant_id text default null,
  p_tool_name text default null, p_model text default null, p_files jsonb default null,
  p_idempotency_key text default null, p_metadata jsonb default null, p_expires_at timestamptz default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_now timestamptz := exai_rpc_now();
  v_thread threads;
  v_seq integer;
  r turns;
begin
  select * into v_thread from threads where tenant_id = v_tenant and id = p_thread_id for update;
  if not found then perform exai_rpc_require_thread(v_tenant, p_thread_id); end if;
  if p_idempotency_key is not null then
    select * into r from turns
     where tenant_id = v_tenant and thread_id = p_thread_id and idempotency_key = p_idempotency_key;
    if found then return jsonb_build_object('turn', exai_rpc_turn_json(r), 'created', false); end if;
  end if;
  select greatest(v_thread.turn_count, coalesce(max(seq), 0)) + 1 into v_seq
    from turns where tenant_id = v_tenant and thread_id = p_thread_id;
  insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key, created_at, metadata)
  values (v_tenant, p_thread_id, v_seq, p_role, p_content, p_tool_name, p_model, coalesce(p_files, '[]'::jsonb),
          p_idempotency_key, v_now, coalesce(p_metadata, '{}'::jsonb))
  returning * into r;
  update threads set turn_count = v_seq, updated_at = v_now, expires_at = coalesce(p_expires_at, expires_at)
   where tenant_id = v_tenant and id = p_thread_id;
  return jsonb_build_object('turn', exai_rpc_turn_json(r), 'created', true);
end
$$;

create function exai_list_turns(p_thread_id text, p_tenant_id text default null, p_after_seq integer default null,
  p_limit integer default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  if p_limit is not null and p_limit < 1 then
    perform exai_rpc_invalid('limit', format('limit must be at least 1, not %s.', p_limit));
  end if;
  return (select coalesce(jsonb_agg(exai_rpc_turn_json(s.u) order by (s.u).seq), '[]'::jsonb)
            from (select u from turns u
                   where u.tenant_id = v_tenant and u.thread_id = p_thread_id and u.seq > coalesce(p_after_seq, 0)
                   order by u.seq limit p_limit) s);
end
$$;

create function exai_get_workflow_state(p_thread_id text, p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (select exai_rpc_workflow_state_json(w) from workflow_states w
           where w.tenant_id = v_tenant and w.thread_id = p_thread_id);
end
$$;

create function exai_put_workflow_state(p_thread_id text, p_state jsonb, p_tenant_id text default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  r workflow_states;
begin
  perform exai_rpc_require_thread(v_tenant, p_thread_id);
  insert into workflow_states (tenant_id, thread_id, state, updated_at)
  values (v_tenant, p_thread_id, p_state, exai_rpc_now())
  on conflict (tenant_id, thread_id) do update set state = excluded.state, updated_at = excluded.updated_at
  returning * into r;
  return exai_rpc_workflow_state_json(r);
end
$$;
`;
