import { apiKeyUseRpcFunctions, sqlList } from './rpc-function-names.js';

/**
 * `exai_mark_api_keys_used`: `markApiKeysUsed` as one function, for the service role only (it
 * writes across tenants, like `exai_find_api_key_by_hash` reads across them). Sets `last_used_at`
 * of the keys named, never moving it back.
 */
export const rpcApiKeyUseSql = `
create function exai_mark_api_keys_used(p_ids text[], p_used_at timestamptz)
returns void language plpgsql security definer
as $$
begin
  perform exai_rpc_require_service();
  update api_keys set last_used_at = p_used_at
   where id = any (p_ids) and (last_used_at is null or last_used_at < p_used_at);
end
$$;

do $security$
declare
  v_schema text := current_schema();
  v_function record;
begin
  if not (select rolsuper from pg_roles where rolname = current_user)
     and not pg_has_role(current_user, 'exai_rpc_owner', 'MEMBER') then
    execute format('grant exai_rpc_owner to %I', current_user);
  end if;
  execute format('grant create on schema %I to exai_rpc_owner', v_schema);
  for v_function in
    select format('%I.%I(%s)', v_schema, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
      from pg_proc p
     where p.pronamespace = (select oid from pg_namespace where nspname = v_schema)
       and p.proname = any (array[${sqlList(apiKeyUseRpcFunctions)}])
  loop
    execute format('alter function %s owner to exai_rpc_owner', v_function.signature);
    execute format('alter function %s set search_path = %I, pg_temp', v_function.signature, v_schema);
    execute format('revoke all on function %s from public, anon, authenticated, service_role', v_function.signature);
    execute format('grant execute on function %s to service_role', v_function.signature);
  end loop;
  execute format('revoke create on schema %I from exai_rpc_owner', v_schema);
end
$security$;
`;

export const rpcApiKeyUseDownSql = 'drop function exai_mark_api_keys_used(text[], timestamptz);';
