/** Row-level security and the audit trigger of migration 1 (see 0001-initial.ts). */

const tenantTables = [
  'api_keys',
  'threads',
  'turns',
  'workflow_states',
  'files',
  'usage_records',
  'audit_events',
];

/**
 * Row-level security: a role subject to it sees and changes only the rows of
 * `exai_current_tenant()`. The owner the adapter connects as is exempt (RLS is enabled, not forced).
 */
export const initialRowLevelSecuritySql = `
create function exai_current_tenant() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'tenant_id',
    nullif(current_setting('exai.tenant_id', true), '')
  )
$$;

alter table tenants enable row level security;
create policy tenants_tenant_isolation on tenants
  using (id = exai_current_tenant()) with check (id = exai_current_tenant());
${tenantTables
  .map(
    (table) => `
alter table ${table} enable row level security;
create policy ${table}_tenant_isolation on ${table}
  using (tenant_id = exai_current_tenant()) with check (tenant_id = exai_current_tenant());`,
  )
  .join('\n')}
`;

/**
 * Audits edits and deletions of threads. An append moves `turn_count` (and may slide
 * `expires_at`); that is a conversation going on, not an edit, so it is not audited. A thread
 * deleted because its tenant is being deleted writes nothing (its audit trail goes too).
 * The function keeps the `search_path` it was created with, so it finds `audit_events` whatever
 * the caller's path.
 */
export const initialAuditTriggerSql = `
create function exai_audit_thread_change() returns trigger
language plpgsql
set search_path from current
as $$
begin
  if tg_op = 'DELETE' then
    insert into audit_events (tenant_id, id, at, actor, action, target, detail)
    select old.tenant_id, gen_random_uuid()::text, now(), nullif(current_setting('exai.actor', true), ''),
      'thread.delete', old.id, jsonb_build_object('title', old.title, 'turnCount', old.turn_count)
    where exists (select 1 from tenants where id = old.tenant_id);
    return old;
  end if;
  insert into audit_events (tenant_id, id, at, actor, action, target, detail)
  values (new.tenant_id, gen_random_uuid()::text, now(), nullif(current_setting('exai.actor', true), ''),
    'thread.update', new.id,
    jsonb_build_object('title', new.title, 'expiresAt', new.expires_at, 'metadata', new.metadata));
  return new;
end
$$;

create trigger threads_audit_update
  after update of title, expires_at, metadata on threads
  for each row
  when (
    old.turn_count = new.turn_count
    and (old.title is distinct from new.title
      or old.expires_at is distinct from new.expires_at
      or old.metadata is distinct from new.metadata)
  )
  execute function exai_audit_thread_change();

create trigger threads_audit_delete
  after delete on threads
  for each row
  execute function exai_audit_thread_change();
`;
