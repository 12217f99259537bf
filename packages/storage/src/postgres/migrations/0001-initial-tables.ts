/**
 * The schema of docs/storage-schema.md on PostgreSQL. Nothing is schema-qualified: the SQL runs
 * with `search_path` set to the store's schema, so the same migration works in any schema.
 * `exai_migrations` belongs to the migration driver, not to this step.
 */
export const initialTablesSql = `
create table tenants (
  id text primary key,
  name text not null,
  created_at timestamptz not null default now(),
  disabled boolean not null default false,
  settings jsonb not null default '{}'::jsonb
);
insert into tenants (id, name) values ('default', 'default');

create table api_keys (
  id text primary key,
  tenant_id text not null references tenants (id) on delete cascade,
  name text not null,
  prefix text not null,
  hash text not null unique,
  created_at timestamptz not null default now(),
  revoked_at timestamptz,
  last_used_at timestamptz
);
create index api_keys_tenant_idx on api_keys (tenant_id);

create table threads (
  tenant_id text not null references tenants (id) on delete cascade,
  id text not null,
  title text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  expires_at timestamptz,
  turn_count integer not null default 0,
  metadata jsonb not null default '{}'::jsonb,
  primary key (tenant_id, id)
);
create index threads_tenant_recent_idx on threads (tenant_id, updated_at desc, id desc);
create index threads_expires_idx on threads (expires_at) where expires_at is not null;

create table turns (
  tenant_id text not null,
  thread_id text not null,
  seq integer not null,
  role text not null check (role in ('system', 'user', 'assistant', 'tool')),
  content text not null,
  tool_name text,
  model text,
  files jsonb not null default '[]'::jsonb,
  idempotency_key text,
  created_at timestamptz not null default now(),
  metadata jsonb not null default '{}'::jsonb,
  primary key (tenant_id, thread_id, seq),
  unique (tenant_id, thread_id, idempotency_key),
  foreign key (tenant_id, thread_id) references threads (tenant_id, id) on delete cascade
);

create table workflow_states (
  tenant_id text not null,
  thread_id text not null,
  state jsonb not null default '{}'::jsonb,
  updated_at timestamptz not null default now(),
  primary key (tenant_id, thread_id),
  foreign key (tenant_id, thread_id) references threads (tenant_id, id) on delete cascade
);

create table files (
  tenant_id text not null references tenants (id) on delete cascade,
  provider text not null,
  sha256 text not null,
  provider_file_id text not null,
  filename text,
  size_bytes bigint not null check (size_bytes >= 0),
  created_at timestamptz not null default now(),
  expires_at timestamptz,
  ref_count integer not null default 0 check (ref_count >= 0),
  primary key (tenant_id, provider, sha256)
);
create index files_expires_idx on files (expires_at) where expires_at is not null;

create table usage_records (
  tenant_id text not null references tenants (id) on delete cascade,
  id text not null,
  thread_id text,
  model text not null,
  input_tokens integer not null check (input_tokens >= 0),
  output_tokens integer not null check (output_tokens >= 0),
  cost_usd numeric check (cost_usd >= 0),
  latency_ms integer not null check (latency_ms >= 0),
  status text not null check (status in ('ok', 'error')),
  error_code text,
  created_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index usage_records_tenant_created_idx on usage_records (tenant_id, created_at);

create table audit_events (
  tenant_id text not null references tenants (id) on delete cascade,
  id text not null,
  at timestamptz not null default now(),
  actor text,
  action text not null,
  target text,
  detail jsonb not null default '{}'::jsonb,
  primary key (tenant_id, id)
);
create index audit_events_tenant_at_idx on audit_events (tenant_id, at desc, id desc);
`;
