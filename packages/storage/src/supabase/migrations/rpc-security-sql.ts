import { migration2RpcFunctions, sqlList, storeTables, userRpcFunctions } from './rpc-function-names.js';
import { procNameIn, rpcFunctionOwnershipSql, serviceRolePoliciesSql } from './rpc-ownership-sql.js';

/**
 * Who may do what. The design, step by step:
 *
 * 1. Table privileges stay closed: every privilege on the store's tables is revoked from
 *    PUBLIC, `anon`, `authenticated` and `service_role` (Supabase grants them on new tables by
 *    default). Only the store's own tables are touched, so other tables in the schema keep theirs.
 * 2. The API is the `exai_*` functions: EXECUTE is revoked from everyone, then granted — the
 *    tenant-scoped functions to `authenticated` and `service_role`, the cross-tenant ones
 *    (tenants, API keys, expire, export, import) to `service_role` only, `exai_ping` also to `anon`.
 *    The `exai_rpc_*` helpers and migration 1's functions are not callable through the API at all.
 * 3. The functions are SECURITY DEFINER, owned by `exai_rpc_owner`: it holds the table privileges
 *    the callers lack, but it is not the tables' owner and does not bypass row-level security,
 *    so migration 1's tenant policies filter every row the functions read or write by the
 *    caller's JWT claim (`exai_current_tenant()`), whatever the function's own checks do.
 *    Each function runs with `search_path` pinned to the store's schema and then `pg_temp`.
 * 4. The service role acts for any tenant: one more policy per table lets `exai_rpc_owner` see
 *    every row while the request's role is `service_role`; the functions then scope each call to
 *    the tenant it names. A tenant named by any other caller is refused unless it is the JWT's.
 */
export function rpcSecuritySql(): string {
  const policies = serviceRolePoliciesSql(storeTables);
  return `${policies}

do $security$
declare
  v_schema text := current_schema();
  v_schema_oid oid := (select oid from pg_namespace where nspname = current_schema());
  v_table text;
  v_function record;
begin
  foreach v_table in array array[${sqlList(storeTables)}] loop
    if not (select c.relrowsecurity from pg_class c where c.relnamespace = v_schema_oid and c.relname = v_table) then
      raise exception 'Row-level security is not enabled on %.%; migration 1 must run first.', v_schema, v_table;
    end if;
    if pg_has_role('exai_rpc_owner',
         (select c.relowner from pg_class c where c.relnamespace = v_schema_oid and c.relname = v_table), 'USAGE') then
      raise exception 'exai_rpc_owner has the privileges of the owner of %.%, so row-level security would not apply to it.',
        v_schema, v_table using errcode = '42501';
    end if;
    execute format('revoke all on table %I.%I from public, anon, authenticated, service_role', v_schema, v_table);
    execute format('grant select, insert, update, delete on table %I.%I to exai_rpc_owner', v_schema, v_table);
  end loop;
  if to_regclass(format('%I.exai_migrations', v_schema)) is not null then
    execute format('revoke all on table %I.exai_migrations from public, anon, authenticated, service_role', v_schema);
  end if;
  execute format('grant usage on schema %I to anon, authenticated, service_role, exai_rpc_owner', v_schema);

  -- Handing a function to exai_rpc_owner needs membership in it (unless a superuser runs this)
  -- and, for the moment of the hand-over, CREATE on the schema for it.
${rpcFunctionOwnershipSql({
  schemaOid: 'v_schema_oid',
  functionsWhere: `(p.proname like 'exai\\_rpc\\_%' or ${procNameIn(migration2RpcFunctions)})`,
})}

  execute format('revoke all on function %I.exai_current_tenant() from public, anon, authenticated, service_role', v_schema);
  execute format('grant execute on function %I.exai_current_tenant() to exai_rpc_owner', v_schema);
  execute format('revoke all on function %I.exai_audit_thread_change() from public, anon, authenticated, service_role',
    v_schema);

  for v_function in
    select format('%I.%I(%s)', v_schema, p.proname, pg_get_function_identity_arguments(p.oid)) as signature,
           p.proname = any (array[${sqlList(userRpcFunctions)}]) as for_users
      from pg_proc p
     where p.pronamespace = v_schema_oid and p.proname = any (array[${sqlList(migration2RpcFunctions)}])
  loop
    execute format('grant execute on function %s to service_role', v_function.signature);
    if v_function.for_users then
      execute format('grant execute on function %s to authenticated', v_function.signature);
    end if;
  end loop;
  execute format('grant execute on function %I.exai_ping() to anon', v_schema);
end
$security$;
`;
}

/** Undoes migration 2: policies, functions and grants go; the cluster-wide roles stay. */
export function rpcDownSql(): string {
  return `
do $down$
declare
  v_schema text := current_schema();
  v_schema_oid oid := (select oid from pg_namespace where nspname = current_schema());
  v_table text;
  v_function record;
begin
  foreach v_table in array array[${sqlList(storeTables)}] loop
    execute format('drop policy exai_rpc_service_role on %I.%I', v_schema, v_table);
    execute format('revoke all on table %I.%I from exai_rpc_owner', v_schema, v_table);
  end loop;
  for v_function in
    select format('%I.%I(%s)', v_schema, p.proname, pg_get_function_identity_arguments(p.oid)) as signature
      from pg_proc p
     where p.pronamespace = v_schema_oid
       and (p.proname like 'exai\\_rpc\\_%' or p.proname = any (array[${sqlList(migration2RpcFunctions)}]))
  loop
    execute format('drop function %s', v_function.signature);
  end loop;
  execute format('grant execute on function %I.exai_current_tenant() to public', v_schema);
  execute format('grant execute on function %I.exai_audit_thread_change() to public', v_schema);
  execute format('revoke usage on schema %I from exai_rpc_owner', v_schema);
end
$down$;
`;
}
