import type { Migration } from '../../migrations/index.js';

/**
 * The schema of docs/storage-schema.md: times are integer milliseconds since the epoch, JSON is
 * TEXT. Foreign keys are enforced per connection (`PRAGMA foreign_keys = ON`).
 * Never edit this once released: add a migration instead.
 */
export const migration0001Initial: Migration = {
  version: 1,
  name: 'initial',
  up: `
CREATE TABLE tenants (
  id TEXT NOT NULL PRIMARY KEY,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  settings TEXT NOT NULL DEFAULT '{}'
);
INSERT INTO tenants (id, name, created_at) VALUES ('default', 'default', CAST(unixepoch('subsec') * 1000 AS INTEGER));

CREATE TABLE api_keys (
  id TEXT NOT NULL PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  prefix TEXT NOT NULL,
  hash TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER,
  last_used_at INTEGER,
  CONSTRAINT api_keys_hash_key UNIQUE (hash)
);
CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant_id);

CREATE TABLE threads (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  title TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  turn_count INTEGER NOT NULL DEFAULT 0,
  metadata TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX threads_tenant_updated_idx ON threads (tenant_id, updated_at DESC, id DESC);
CREATE INDEX threads_expires_at_idx ON threads (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE turns (
  tenant_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  seq INTEGER NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant', 'tool')),
  content TEXT NOT NULL,
  tool_name TEXT,
  model TEXT,
  files TEXT NOT NULL DEFAULT '[]',
  idempotency_key TEXT,
  created_at INTEGER NOT NULL,
  metadata TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, thread_id, seq),
  CONSTRAINT turns_idempotency_key_key UNIQUE (tenant_id, thread_id, idempotency_key),
  FOREIGN KEY (tenant_id, thread_id) REFERENCES threads (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE workflow_states (
  tenant_id TEXT NOT NULL,
  thread_id TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT '{}',
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, thread_id),
  FOREIGN KEY (tenant_id, thread_id) REFERENCES threads (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE files (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  provider TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  provider_file_id TEXT NOT NULL,
  filename TEXT,
  size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  ref_count INTEGER NOT NULL DEFAULT 0 CHECK (ref_count >= 0),
  PRIMARY KEY (tenant_id, provider, sha256)
);
CREATE INDEX files_expires_at_idx ON files (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE usage_records (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  thread_id TEXT,
  model TEXT NOT NULL,
  input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0),
  output_tokens INTEGER NOT NULL CHECK (output_tokens >= 0),
  cost_usd REAL CHECK (cost_usd >= 0),
  latency_ms INTEGER NOT NULL CHECK (latency_ms >= 0),
  status TEXT NOT NULL CHECK (status IN ('ok', 'error')),
  error_code TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX usage_records_tenant_created_idx ON usage_records (tenant_id, created_at);

CREATE TABLE audit_events (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  at INTEGER NOT NULL,
  actor TEXT,
  action TEXT NOT NULL,
  target TEXT,
  detail TEXT NOT NULL DEFAULT '{}',
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX audit_events_tenant_at_idx ON audit_events (tenant_id, at DESC, id DESC);
`,
  down: `
DROP TABLE audit_events;
DROP TABLE usage_records;
DROP TABLE files;
DROP TABLE workflow_states;
DROP TABLE turns;
DROP TABLE threads;
DROP TABLE api_keys;
DROP TABLE tenants;
`,
};
