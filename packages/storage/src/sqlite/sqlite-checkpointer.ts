import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

import type Database from 'better-sqlite3';

/**
 * The worker's code: its own connection to the file, running a PASSIVE checkpoint every
 * `intervalInMs`. A passive checkpoint takes no lock the store's writer needs and gives up on what
 * it cannot copy yet; the next write after a complete one starts the WAL over from its beginning.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driverPath);
const database = new Database(workerData.path, { timeout: 0 });
const checkpoint = () => {
  try {
    database.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // Busy (another process checkpoints) or closing: the next tick tries again.
  }
};
const timer = setInterval(checkpoint, workerData.intervalInMs);
parentPort.on('message', () => {
  clearInterval(timer);
  checkpoint();
  database.close();
  parentPort.close();
});
`;

export interface SqliteCheckpointer {
  /** Stops the worker after a last checkpoint; resolves once its connection is closed. */
  close(): Promise<void>;
}

/**
 * WAL checkpoints off the event loop. SQLite's automatic checkpoint runs inside the commit that
 * crosses `wal_autocheckpoint` (1,000 pages): it copies those pages into the database file and
 * fsyncs it, on the thread that committed. With the daemon's writes on the event loop, every call
 * waited for that fsync — on a busy disk, tens of milliseconds every hundred or so calls. Here the
 * writer's automatic checkpoints are turned off and a worker thread with a connection of its own
 * checkpoints instead. Durability does not change: commits are as durable as before (WAL,
 * `synchronous = NORMAL`), and the checkpoint syncs as it did.
 */
export function startSqliteCheckpointer(
  database: Database.Database,
  { intervalInMs = 200 }: { intervalInMs?: number } = {},
): SqliteCheckpointer {
  const worker = new Worker(workerSource, {
    eval: true,
    workerData: {
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      path: database.name,
      intervalInMs,
    },
  });
  // A process that exits without closing the store is not held open; SQLite recovers the WAL.
  worker.unref();
  database.pragma('wal_autocheckpoint = 0');
  // If the worker cannot run, the writer checkpoints again itself rather than let the WAL grow.
  const restore = () => {
    if (database.open) database.pragma('wal_autocheckpoint = 1000');
  };
  const exited = new Promise<void>((resolve) => {
    worker.once('exit', () => resolve());
    worker.once('error', () => {
      restore();
      resolve();
    });
  });
  let closing: Promise<void> | undefined;
  return {
    close() {
      closing ??= (async () => {
        // Held open while it closes: otherwise a process with nothing else to do would exit here,
        // with the last checkpoint cut short and whatever awaits `close()` never run.
        worker.ref();
        worker.postMessage('close');
        await exited;
        restore();
      })();
      return closing;
    },
  };
}
