// Usage: npm start -w @exai/example-custom-store -- [log file]   (default: ./exai-sessions.jsonl)
// Each run adds a turn to the thread "demo"; run it twice to see the first run's turn come back.
import { DEFAULT_TENANT_ID } from '@exai/core';
import { createJsonlSessionStore } from './jsonl-session-store.js';

const path = process.argv[2] ?? 'exai-sessions.jsonl';
const tenantId = DEFAULT_TENANT_ID;
const store = await createJsonlSessionStore({ path });
try {
  if ((await store.getThread(tenantId, 'demo')) === undefined) {
    await store.createThread({ tenantId, id: 'demo', title: 'Demo' });
  }
  const { turn } = await store.appendTurn({
    tenantId,
    threadId: 'demo',
    role: 'user',
    content: `run at ${new Date().toISOString()}`,
  });
  console.log(`${path}: thread "demo" now holds ${turn.seq} turn(s)`);
} finally {
  await store.close();
}
