import {
  sqlList,
  taskRpcFunctions as migration4RpcFunctions,
  taskUserRpcFunctions,
} from './rpc-function-names.js';
import {
  procNameIn,
  rpcFunctionOwnershipSql,
  rpcSecurityBlockSql,
  serviceRolePoliciesSql,
} from './rpc-ownership-sql.js';

const migration4Tables = ['tasks', 'stream_events'] as const;
/** Migration 4's `exai_rpc_*` helpers: owned like its functions, callable by nobody. */
const migration4Helpers = ['exai_rpc_task_json', 'exai_rpc_stream_event_json'] as const;

/** The tables' (and the event sequence's) privileges: closed to the API roles, open to exai_rpc_owner. */
const migration4TableGrantsSql = `  foreach v_table in array array[${sqlList(migration4Tables)}] loop
    execute format('revoke all on table %I.%I from public, anon, authenticated, service_role', v_schema, v_table);
    execute format('grant select, insert, update, delete on table %I.%I to exai_rpc_owner', v_schema, v_table);
  end loop;
  execute format('revoke all on sequence %I.stream_events_seq_seq from public, anon, authenticated, service_role',
    v_schema);
  execute format('grant usage on sequence %I.stream_events_seq_seq to exai_rpc_owner', v_schema);`;

/** Every task function for the service role, a tenant's own ones also for signed-in users. */
const migration4FunctionOwnershipSql = rpcFunctionOwnershipSql({
  schemaOid: 'v_schema_oid',
  columns: [
    `${procNameIn(taskUserRpcFunctions)} as for_users`,
    `${procNameIn(migration4RpcFunctions)} as callable`,
  ],
  functionsWhere: procNameIn([...migration4RpcFunctions, ...migration4Helpers]),
  grants: [
    { role: 'service_role', when: 'v_function.callable' },
    { role: 'authenticated', when: 'v_function.for_users' },
  ],
});

/** Tasks and stream events over RPC, with the same security model as migration 2 (rpc-security-sql.ts). */
export const rpcTasksSql = `
create function exai_rpc_task_json(r tasks) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'id', r.id, 'status', r.status,
    'statusMessage', r.status_message, 'request', r.request, 'result', r.result, 'ttlInMs', r.ttl_ms,
    'pollIntervalInMs', r.poll_interval_ms, 'createdAt', exai_rpc_time(r.created_at),
    'updatedAt', exai_rpc_time(r.updated_at), 'expiresAt', exai_rpc_time(r.expires_at))
$$;

create function exai_rpc_stream_event_json(r stream_events) returns jsonb
language sql stable
as $$
  select jsonb_build_object('tenantId', r.tenant_id, 'streamId', r.stream_id, 'eventId', r.event_id,
    'message', r.message, 'createdAt', exai_rpc_time(r.created_at), 'expiresAt', exai_rpc_time(r.expires_at))
$$;

create function exai_create_task(p_request jsonb, p_tenant_id text default null, p_id text default null,
  p_ttl_ms bigint default null, p_poll_interval_ms bigint default null, p_status_message text default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_now timestamptz := exai_rpc_now();
  r tasks;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into tasks (tenant_id, id, status, status_message, request, ttl_ms, poll_interval_ms, created_at, updated_at,
    expires_at)
  values (v_tenant, coalesce(p_id, gen_random_uuid()::text), 'working', p_status_message, p_request, p_ttl_ms,
    p_poll_interval_ms, v_now, v_now, v_now + make_interval(secs => p_ttl_ms / 1000.0))
  returning * into r;
  return exai_rpc_task_json(r);
end
$$;

create function exai_get_task(p_task_id text, p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
begin
  return (select exai_rpc_task_json(t) from tasks t where t.tenant_id = v_tenant and t.id = p_task_id);
end
$$;

create function exai_update_task(p_id text, p_status text, p_tenant_id text default null,
  p_status_message text default null, p_result jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  r tasks;
begin
  select * into r from tasks where tenant_id = v_tenant and id = p_id for update;
  if not found then
    perform exai_rpc_not_found('task', p_id,
      format('No task "%s" exists in tenant "%s" (it may have expired).', p_id, v_tenant));
  end if;
  if r.status in ('completed', 'failed', 'cancelled') then
    return jsonb_build_object('task', exai_rpc_task_json(r), 'updated', false);
  end if;
  update tasks set status = p_status, status_message = coalesce(p_status_message, status_message),
                   result = coalesce(p_result, result), updated_at = exai_rpc_now()
   where tenant_id = v_tenant and id = p_id
  returning * into r;
  return jsonb_build_object('task', exai_rpc_task_json(r), 'updated', true);
end
$$;

create function exai_list_tasks(p_tenant_id text default null, p_limit integer default null,
  p_after_created_at text default null, p_after_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_task_json(s.t),
           'key', jsonb_build_array(exai_rpc_exact_time((s.t).created_at), (s.t).id))
           order by (s.t).created_at desc, (s.t).id desc), '[]'::jsonb)
    into v_rows
    from (select t from tasks t
           where t.tenant_id = v_tenant
             and (p_after_created_at is null or (t.created_at, t.id) < (p_after_created_at::timestamptz, p_after_id))
           order by t.created_at desc, t.id desc
           limit v_limit + 1) s;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_append_stream_event(p_stream_id text, p_message jsonb, p_tenant_id text default null,
  p_expires_at timestamptz default null, p_max_events integer default null, p_event_id text default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  r stream_events;
begin
  perform exai_rpc_require_tenant(v_tenant);
  insert into stream_events (tenant_id, stream_id, event_id, message, created_at, expires_at)
  values (v_tenant, p_stream_id, coalesce(p_event_id, gen_random_uuid()::text), p_message, exai_rpc_now(), p_expires_at)
  returning * into r;
  if p_max_events is not null then
    delete from stream_events
     where tenant_id = v_tenant and stream_id = p_stream_id and seq <= (
       select seq from stream_events where tenant_id = v_tenant and stream_id = p_stream_id
        order by seq desc offset p_max_events limit 1);
  end if;
  return exai_rpc_stream_event_json(r);
end
$$;

create function exai_replay_stream_events(p_after_event_id text, p_tenant_id text default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  a stream_events;
begin
  select * into a from stream_events where tenant_id = v_tenant and event_id = p_after_event_id;
  if not found then
    return null;
  end if;
  return jsonb_build_object('streamId', a.stream_id, 'events',
    coalesce((select jsonb_agg(exai_rpc_stream_event_json(e) order by e.seq) from stream_events e
               where e.tenant_id = v_tenant and e.stream_id = a.stream_id and e.seq > a.seq), '[]'::jsonb));
end
$$;

create function exai_expire_tasks_and_events(p_now timestamptz default null)
returns void language plpgsql security definer
as $$
declare
  v_now timestamptz := coalesce(p_now, now());
begin
  perform exai_rpc_require_service();
  delete from tasks where expires_at < v_now;
  delete from stream_events where expires_at < v_now;
end
$$;

create function exai_export_task_records(p_type text, p_after jsonb default null, p_limit integer default null)
returns jsonb language plpgsql stable security definer
as $$
declare
  v_limit integer := exai_rpc_limit(p_limit);
  v_rows jsonb;
begin
  perform exai_rpc_require_service();
  if p_type = 'task' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_task_json(s.r),
             'key', jsonb_build_array((s.r).tenant_id, (s.r).id)) order by (s.r).tenant_id, (s.r).id), '[]'::jsonb)
      into v_rows
      from (select r from tasks r
             where p_after is null or (r.tenant_id, r.id) > (p_after ->> 0, p_after ->> 1)
             order by r.tenant_id, r.id limit v_limit + 1) s;
  elsif p_type = 'stream-event' then
    select coalesce(jsonb_agg(jsonb_build_object('item', exai_rpc_stream_event_json(s.r),
             'key', jsonb_build_array((s.r).seq)) order by (s.r).seq), '[]'::jsonb)
      into v_rows
      from (select r from stream_events r where p_after is null or r.seq > (p_after ->> 0)::bigint
             order by r.seq limit v_limit + 1) s;
  else
    perform exai_rpc_invalid('type', format('Unknown record type "%s"; expected task or stream-event.', p_type));
  end if;
  return exai_rpc_page(v_rows, v_limit);
end
$$;

create function exai_import_task_records(p_records jsonb)
returns jsonb language plpgsql security definer
as $$
declare
  v_entry jsonb;
  v_record jsonb;
  v_imported jsonb := '{}'::jsonb;
  v_skipped jsonb := '{}'::jsonb;
  v_type text;
  v_count integer;
begin
  perform exai_rpc_require_service();
  for v_entry in select e from jsonb_array_elements(p_records) with ordinality as a (e, i) order by i loop
    v_type := v_entry ->> 'type';
    v_record := v_entry -> 'record';
    if v_type = 'task' then
      insert into tasks (tenant_id, id, status, status_message, request, result, ttl_ms, poll_interval_ms, created_at,
        updated_at, expires_at)
      values (v_record ->> 'tenantId', v_record ->> 'id', v_record ->> 'status', v_record ->> 'statusMessage',
        v_record -> 'request', nullif(v_record -> 'result', 'null'::jsonb), (v_record ->> 'ttlInMs')::bigint,
        (v_record ->> 'pollIntervalInMs')::bigint, (v_record ->> 'createdAt')::timestamptz,
        (v_record ->> 'updatedAt')::timestamptz, (v_record ->> 'expiresAt')::timestamptz)
      on conflict (tenant_id, id) do nothing;
    elsif v_type = 'stream-event' then
      insert into stream_events (tenant_id, stream_id, event_id, message, created_at, expires_at)
      values (v_record ->> 'tenantId', v_record ->> 'streamId', v_record ->> 'eventId', v_record -> 'message',
        (v_record ->> 'createdAt')::timestamptz, (v_record ->> 'expiresAt')::timestamptz)
      on conflict (tenant_id, event_id) do nothing;
    else
      perform exai_rpc_invalid('records', format('Unknown record type "%s"; expected task or stream-event.', v_type));
    end if;
    get diagnostics v_count = row_count;
    if v_count > 0 then
      v_imported := jsonb_set(v_imported, array[v_type], to_jsonb(coalesce((v_imported ->> v_type)::integer, 0) + 1));
    else
      v_skipped := jsonb_set(v_skipped, array[v_type], to_jsonb(coalesce((v_skipped ->> v_type)::integer, 0) + 1));
    end if;
  end loop;
  return jsonb_build_object('imported', v_imported, 'skipped', v_skipped);
end
$$;

${serviceRolePoliciesSql(migration4Tables)}

${rpcSecurityBlockSql({
  declarations: [
    'v_schema_oid oid := (select oid from pg_namespace where nspname = current_schema());',
    'v_table text;',
  ],
  statements: `${migration4TableGrantsSql}\n${migration4FunctionOwnershipSql}`,
})}
`;

/** Undoes migration 4 on Supabase: its functions and policies, then its tables. */
export const rpcTasksDownSql = `
${[...migration4RpcFunctions, ...migration4Helpers].map((name) => `drop function ${name};`).join('\n')}
`;
