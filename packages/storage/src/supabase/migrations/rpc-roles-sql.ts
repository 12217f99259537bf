/**
 * The roles the RPC functions depend on. PostgREST (and so Supabase) switches to `anon`,
 * `authenticated` or `service_role` per request; plain PostgreSQL lacks them, so they are created
 * when missing (NOLOGIN: nobody signs in as them). Roles belong to the whole cluster, so creating
 * one tolerates another migration creating it at the same moment, and `down` leaves them in place.
 *
 * `exai_rpc_owner` owns the functions. It cannot log in, is not a superuser, does not bypass
 * row-level security and owns no table — so the tenant policies apply to everything the
 * functions do. The step refuses to go on if a role of that name exists with more power.
 */
export const rpcRolesSql = `
do $roles$
begin
  begin
    create role anon nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role authenticated nologin noinherit;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role service_role nologin noinherit bypassrls;
  exception when duplicate_object or unique_violation then null;
  end;
  begin
    create role exai_rpc_owner nologin noinherit nosuperuser nobypassrls;
  exception when duplicate_object or unique_violation then null;
  end;
  if exists (select 1 from pg_roles where rolname = 'exai_rpc_owner' and (rolsuper or rolbypassrls or rolcanlogin)) then
    raise exception 'The role exai_rpc_owner exists but can log in, is a superuser or bypasses row-level security'
      using errcode = '42501',
            hint = 'The RPC functions run as exai_rpc_owner so that row-level security applies; make it NOLOGIN NOSUPERUSER NOBYPASSRLS.';
  end if;
end
$roles$;
`;
