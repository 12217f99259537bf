import { commitTurnRpcFunctions } from './rpc-function-names.js';
import { rpcServiceOnlySecuritySql } from './rpc-ownership-sql.js';

/**
 * `exai_commit_turn`: `commitTurn` as one function, so one RPC call and one transaction. Like
 * `exai_append_turn` it locks the thread row, so concurrent commits and appends to one thread
 * queue up and take consecutive seqs; a repeated key finds the first commit's turns once the lock
 * is held and writes nothing. Any error (a taken usage or audit id, a missing thread or tenant, a
 * failing trigger) aborts the call, and with it every part written before.
 */
export const rpcCommitTurnSql = `
create function exai_commit_turn(p_thread_id text, p_idempotency_key text, p_turns jsonb,
  p_tenant_id text default null, p_create_thread boolean default false, p_title text default null,
  p_thread_metadata jsonb default null, p_expires_at timestamptz default null,
  p_usage jsonb default null, p_audit jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_now timestamptz := exai_rpc_now();
  v_keys text[] := array[p_idempotency_key || ':1', p_idempotency_key || ':2'];
  v_thread threads;
  v_seq integer;
  v_turns jsonb;
  v_id text;
begin
  if p_idempotency_key is null or btrim(p_idempotency_key) = '' then
    perform exai_rpc_invalid('idempotencyKey', 'idempotencyKey must be a non-empty string.');
  end if;
  if jsonb_typeof(p_turns) is distinct from 'array' or jsonb_array_length(p_turns) <> 2 then
    perform exai_rpc_invalid('turns', 'turns must hold exactly two messages: the question, then the answer.');
  end if;
  if coalesce(p_create_thread, false) then
    perform exai_rpc_require_tenant(v_tenant);
    insert into threads (tenant_id, id, title, created_at, updated_at, expires_at, metadata)
    values (v_tenant, p_thread_id, p_title, v_now, v_now, p_expires_at, coalesce(p_thread_metadata, '{}'::jsonb))
    on conflict (tenant_id, id) do nothing;
  end if;
  select * into v_thread from threads where tenant_id = v_tenant and id = p_thread_id for update;
  if not found then perform exai_rpc_require_thread(v_tenant, p_thread_id); end if;

  select jsonb_agg(exai_rpc_turn_json(u) order by u.seq) into v_turns from turns u
   where u.tenant_id = v_tenant and u.thread_id = p_thread_id and u.idempotency_key = any (v_keys);
  if jsonb_array_length(coalesce(v_turns, '[]'::jsonb)) = 2 then
    return jsonb_build_object('thread', exai_rpc_thread_json(v_thread), 'turns', v_turns, 'created', false);
  end if;

  select greatest(v_thread.turn_count, coalesce(max(seq), 0)) + 1 into v_seq
    from turns where tenant_id = v_tenant and thread_id = p_thread_id;
  with inserted as (
    insert into turns (tenant_id, thread_id, seq, role, content, tool_name, model, files, idempotency_key,
      created_at, metadata)
    select v_tenant, p_thread_id, v_seq + t.ord::integer - 1, t.turn ->> 'role', t.turn ->> 'content',
      t.turn ->> 'toolName', t.turn ->> 'model', coalesce(t.turn -> 'files', '[]'::jsonb), v_keys[t.ord],
      v_now, coalesce(t.turn -> 'metadata', '{}'::jsonb)
    from jsonb_array_elements(p_turns) with ordinality as t (turn, ord)
    returning *
  )
  select jsonb_agg(exai_rpc_turn_json(i) order by i.seq) into v_turns from inserted i;
  update threads set turn_count = v_seq + 1, updated_at = v_now, expires_at = coalesce(p_expires_at, expires_at)
   where tenant_id = v_tenant and id = p_thread_id
  returning * into v_thread;

  if p_usage is not null then
    v_id := coalesce(p_usage ->> 'id', gen_random_uuid()::text);
    insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
      status, error_code, created_at)
    values (v_tenant, v_id, p_thread_id, p_usage ->> 'model', (p_usage ->> 'inputTokens')::integer,
      (p_usage ->> 'outputTokens')::integer, (p_usage ->> 'costInUsd')::numeric, (p_usage ->> 'latencyInMs')::integer,
      p_usage ->> 'status', p_usage ->> 'errorCode', coalesce((p_usage ->> 'createdAt')::timestamptz, v_now))
    on conflict (tenant_id, id) do nothing;
    if not found then perform exai_rpc_exists('usage', v_id); end if;
  end if;
  if p_audit is not null then
    v_id := coalesce(p_audit ->> 'id', gen_random_uuid()::text);
    insert into audit_events (tenant_id, id, at, actor, action, target, detail)
    values (v_tenant, v_id, coalesce((p_audit ->> 'at')::timestamptz, v_now), p_audit ->> 'actor',
      p_audit ->> 'action', p_audit ->> 'target', coalesce(p_audit -> 'detail', '{}'::jsonb))
    on conflict (tenant_id, id) do nothing;
    if not found then perform exai_rpc_exists('audit-event', v_id); end if;
  end if;
  return jsonb_build_object('thread', exai_rpc_thread_json(v_thread), 'turns', v_turns, 'created', true);
end
$$;

${rpcServiceOnlySecuritySql(commitTurnRpcFunctions)}
`;

export const rpcCommitTurnDownSql = `drop function exai_commit_turn(text, text, jsonb, text, boolean, text, jsonb,
  timestamptz, jsonb, jsonb);`;
