import { commitTurnRpcFunctions } from './rpc-function-names.js';
import { rpcCommitTurnSql } from './rpc-commit-turn-sql.js';
import { rpcServiceOnlySecuritySql } from './rpc-ownership-sql.js';

/**
 * `exai_commit_turn` again, with the same signature, for a round with several answers: `p_turns`
 * holds the question and from one to fifteen answers (stored at consecutive seqs, with keys
 * `<key>:1`, `<key>:2`, …), and `p_usage` one usage record or an array of them. Still one call
 * and one transaction: any error aborts every part. Replaced in place (`create or replace`), so
 * the grants and the owner migration 3 gave it stay, and are set again below all the same.
 */
export const rpcCommitRoundSql = `
create or replace function exai_commit_turn(p_thread_id text, p_idempotency_key text, p_turns jsonb,
  p_tenant_id text default null, p_create_thread boolean default false, p_title text default null,
  p_thread_metadata jsonb default null, p_expires_at timestamptz default null,
  p_usage jsonb default null, p_audit jsonb default null)
returns jsonb language plpgsql security definer
as $$
declare
  v_tenant text := exai_rpc_tenant(p_tenant_id);
  v_now timestamptz := exai_rpc_now();
  v_count integer;
  v_keys text[];
  v_thread threads;
  v_seq integer;
  v_turns jsonb;
  v_usage jsonb;
  v_id text;
begin
  if p_idempotency_key is null or btrim(p_idempotency_key) = '' then
    perform exai_rpc_invalid('idempotencyKey', 'idempotencyKey must be a non-empty string.');
  end if;
  if jsonb_typeof(p_turns) is distinct from 'array' or jsonb_array_length(p_turns) not between 2 and 16 then
    perform exai_rpc_invalid('turns',
      'turns must hold from 2 to 16 messages: the question, then the answer (or the answers of a round).');
  end if;
  v_count := jsonb_array_length(p_turns);
  select array_agg(p_idempotency_key || ':' || n order by n) into v_keys from generate_series(1, v_count) as n;
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
  if jsonb_array_length(coalesce(v_turns, '[]'::jsonb)) = v_count then
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
  update threads set turn_count = v_seq + v_count - 1, updated_at = v_now,
    expires_at = coalesce(p_expires_at, expires_at)
   where tenant_id = v_tenant and id = p_thread_id
  returning * into v_thread;

  for v_usage in
    select value from jsonb_array_elements(case when p_usage is null then '[]'::jsonb
      when jsonb_typeof(p_usage) = 'array' then p_usage else jsonb_build_array(p_usage) end)
  loop
    v_id := coalesce(v_usage ->> 'id', gen_random_uuid()::text);
    insert into usage_records (tenant_id, id, thread_id, model, input_tokens, output_tokens, cost_usd, latency_ms,
      status, error_code, created_at)
    values (v_tenant, v_id, p_thread_id, v_usage ->> 'model', (v_usage ->> 'inputTokens')::integer,
      (v_usage ->> 'outputTokens')::integer, (v_usage ->> 'costInUsd')::numeric, (v_usage ->> 'latencyInMs')::integer,
      v_usage ->> 'status', v_usage ->> 'errorCode', coalesce((v_usage ->> 'createdAt')::timestamptz, v_now))
    on conflict (tenant_id, id) do nothing;
    if not found then perform exai_rpc_exists('usage', v_id); end if;
  end loop;
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

/** Back to migration 3's function: a question and one answer, one usage record. */
export const rpcCommitRoundDownSql = rpcCommitTurnSql.replace(
  'create function exai_commit_turn(',
  'create or replace function exai_commit_turn(',
);
