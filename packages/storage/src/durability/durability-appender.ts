/**
 * The process the durability tests kill. Run as
 * `node --import tsx --conditions=source durability-appender.ts '<DurabilityWorkload JSON>'`:
 * opens the store, creates the thread, starts `total` appends (each with its own idempotency key
 * and the content derived from it) and prints `{"key":…,"seq":…}` on its own line as each append
 * resolves. The appends start in bursts so the parent's SIGKILL lands while some are in flight;
 * every append stays outstanding concurrently with the others.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { SessionStoreV1 } from '@exai/core';
import { createPostgresSessionStore } from '../postgres/create-postgres-session-store.js';
import { createSqliteSessionStore } from '../sqlite/create-sqlite-session-store.js';
import {
  contentForKey,
  idempotencyKeyFor,
  type DurabilityAck,
  type DurabilityStoreSpec,
  type DurabilityWorkload,
} from './durability-workload.js';

function openStore(spec: DurabilityStoreSpec): Promise<SessionStoreV1> {
  return spec.kind === 'sqlite'
    ? createSqliteSessionStore({ path: spec.path })
    : createPostgresSessionStore({
        connectionString: spec.connectionString,
        schema: spec.schema,
        pool: { max: 10 },
      });
}

async function main(workload: DurabilityWorkload): Promise<void> {
  const store = await openStore(workload.store);
  const { tenantId, threadId } = workload;
  await store.createThread({ tenantId, id: threadId, title: 'durability' });
  const append = async (index: number): Promise<void> => {
    await sleep(Math.floor(index / workload.burstSize) * workload.burstIntervalInMs);
    const key = idempotencyKeyFor(index);
    const { turn } = await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: contentForKey(key),
      idempotencyKey: key,
    });
    const ack: DurabilityAck = { key, seq: turn.seq };
    // A pipe write is synchronous on Linux: once the parent reads the line, the append was acknowledged.
    process.stdout.write(`${JSON.stringify(ack)}\n`);
  };
  await Promise.all(Array.from({ length: workload.total }, (_, index) => append(index)));
  await store.close();
}

const argument = process.argv[2];
if (argument === undefined) {
  console.error('usage: durability-appender.ts <workload JSON>');
  process.exit(2);
}
main(JSON.parse(argument) as DurabilityWorkload).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
