import type { Migration } from '../../migrations/index.js';

/**
 * Tasks (MCP tasks that outlive a process) and stream events (what a Streamable HTTP client
 * resumes with `Last-Event-ID`). Times are integer milliseconds, JSON is TEXT, as in migration 1.
 */
export const migration0004TasksAndStreamEvents: Migration = {
  version: 4,
  name: 'tasks-and-stream-events',
  up: `
CREATE TABLE tasks (
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('working', 'input_required', 'completed', 'failed', 'cancelled')),
  status_message TEXT,
  request TEXT NOT NULL DEFAULT '{}',
  result TEXT,
  ttl_ms INTEGER CHECK (ttl_ms > 0),
  poll_interval_ms INTEGER CHECK (poll_interval_ms > 0),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  expires_at INTEGER,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX tasks_tenant_created_idx ON tasks (tenant_id, created_at DESC, id DESC);
CREATE INDEX tasks_expires_idx ON tasks (expires_at) WHERE expires_at IS NOT NULL;

CREATE TABLE stream_events (
  seq INTEGER PRIMARY KEY,
  tenant_id TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  stream_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  message TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  expires_at INTEGER,
  CONSTRAINT stream_events_event_key UNIQUE (tenant_id, event_id)
);
CREATE INDEX stream_events_stream_idx ON stream_events (tenant_id, stream_id, seq);
CREATE INDEX stream_events_expires_idx ON stream_events (expires_at) WHERE expires_at IS NOT NULL;
`,
  down: `
DROP TABLE stream_events;
DROP TABLE tasks;
`,
};
