import { sqlList } from './rpc-function-names.js';

/**
 * The SQL blocks every RPC migration ends with (see rpc-security-sql.ts for the model): hand the
 * migration's functions to `exai_rpc_owner`, pin their `search_path`, take EXECUTE from everyone
 * and grant it back to the roles that may call them.
 *
 * The text these helpers produce is part of released migrations' checksums, so every space of it
 * is fixed: supabase-migration-checksums.test.ts holds the checksums it must keep.
 */

/** `p.proname = any (array['a', 'b'])`: a pg_proc row (`p`) whose name is one of `names`. */
export function procNameIn(names: readonly string[]): string {
  return `p.proname = any (array[${sqlList(names)}])`;
}

/** A role given EXECUTE on each function the loop visits; with `when`, only where that holds. */
export interface RpcExecuteGrant {
  role: 'service_role' | 'authenticated';
  /** A boolean SQL expression over `v_function`, e.g. `v_function.for_users`. */
  when?: string;
}

export interface RpcFunctionOwnershipOptions {
  /** Which functions of the schema, as a boolean SQL expression over `p` (pg_proc). */
  functionsWhere: string;
  /** The schema's oid; `v_schema_oid` where the block declares it. */
  schemaOid?: string;
  /** Further columns of `v_function`, each `expression as name`, for the grants' `when`. */
  columns?: readonly string[];
  /** EXECUTE grants per function, after every other role's has been revoked. */
  grants?: readonly RpcExecuteGrant[];
}

function executeGrantSql({ role, when }: RpcExecuteGrant): string {
  const grant = `execute format('grant execute on function %s to ${role}', v_function.signature);`;
  return when === undefined ? `    ${grant}\n` : `    if ${when} then\n      ${grant}\n    end if;\n`;
}

/**
 * Statements (indented for a `do` block declaring `v_schema` and `v_function`) that make
 * `exai_rpc_owner` own the chosen functions. Handing a function over needs membership in the role
 * (unless a superuser runs this) and, for that moment, CREATE on the schema for it.
 */
export function rpcFunctionOwnershipSql({
  functionsWhere,
  schemaOid = '(select oid from pg_namespace where nspname = v_schema)',
  columns = [],
  grants = [],
}: RpcFunctionOwnershipOptions): string {
  return `  if not (select rolsuper from pg_roles where rolname = current_user)
     and not pg_has_role(current_user, 'exai_rpc_owner', 'MEMBER') then
    execute format('grant exai_rpc_owner to %I', current_user);
  end if;
  execute format('grant create on schema %I to exai_rpc_owner', v_schema);
  for v_function in
    select format('%I.%I(%s)', v_schema, p.proname, pg_get_function_identity_arguments(p.oid)) as signature${columns
      .map((column) => `,\n           ${column}`)
      .join('')}
      from pg_proc p
     where p.pronamespace = ${schemaOid}
       and ${functionsWhere}
  loop
    execute format('alter function %s owner to exai_rpc_owner', v_function.signature);
    execute format('alter function %s set search_path = %I, pg_temp', v_function.signature, v_schema);
    execute format('revoke all on function %s from public, anon, authenticated, service_role', v_function.signature);
${grants.map(executeGrantSql).join('')}  end loop;
  execute format('revoke create on schema %I from exai_rpc_owner', v_schema);`;
}

export interface RpcSecurityBlockOptions {
  /** Variables declared between `v_schema` and `v_function`, e.g. `v_table text;`. */
  declarations?: readonly string[];
  /** The block's statements, indented by two spaces. */
  statements: string;
}

/** A `do $security$` block with `v_schema` (the store's schema) and `v_function` declared. */
export function rpcSecurityBlockSql({ declarations = [], statements }: RpcSecurityBlockOptions): string {
  return `do $security$
declare
  v_schema text := current_schema();
${declarations.map((declaration) => `  ${declaration}\n`).join('')}  v_function record;
begin
${statements}
end
$security$;`;
}

/** The policy letting `exai_rpc_owner` reach every row of each table while the caller is the service role. */
export function serviceRolePoliciesSql(tables: readonly string[]): string {
  return tables
    .map(
      (table) => `
create policy exai_rpc_service_role on ${table} for all to exai_rpc_owner
  using (exai_rpc_caller_is_service()) with check (exai_rpc_caller_is_service());`,
    )
    .join('');
}

/** The security block of a migration whose functions only the service role may call. */
export function rpcServiceOnlySecuritySql(functions: readonly string[]): string {
  return rpcSecurityBlockSql({
    statements: rpcFunctionOwnershipSql({
      functionsWhere: procNameIn(functions),
      grants: [{ role: 'service_role' }],
    }),
  });
}
