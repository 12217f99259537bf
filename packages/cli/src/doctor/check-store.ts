import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ExaiError } from '@exai/core';
import {
  describeStoreSpec,
  nearestExistingPath,
  openSessionStore,
  sqlitePathProblem,
  type StoreSpec,
} from '@exai/storage';
import { errorMessage, type DoctorCheck } from './doctor-check.js';

const OPEN_TIMEOUT_IN_MS = 10_000;

/** A SQLite file that does not exist yet is fine when it can be created: nothing is written here. */
function checkNewSqliteFile(path: string, description: string): DoctorCheck {
  const fix = 'point --store or EXAI_STORE at a writable location, e.g. sqlite:~/exai.db';
  const problem = sqlitePathProblem(resolve(path));
  if (problem !== undefined) {
    return {
      name: 'store',
      status: 'fail',
      detail: `${description} cannot be created: ${problem.reason}`,
      fix,
    };
  }
  const existing = nearestExistingPath(dirname(resolve(path)));
  try {
    accessSync(existing, constants.W_OK | constants.X_OK);
  } catch {
    return {
      name: 'store',
      status: 'fail',
      detail: `${description} cannot be created: ${existing} is not writable`,
      fix,
    };
  }
  return {
    name: 'store',
    status: 'ok',
    detail: `${description} does not exist yet; it is created on first use`,
  };
}

async function withTimeout<T>(promise: Promise<T>, timeoutInMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not answer within ${timeoutInMs / 1000} s`)),
      timeoutInMs,
    );
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Whether the session store opens and answers, without creating, migrating or changing it. */
export async function checkStore(spec: StoreSpec): Promise<DoctorCheck> {
  const description = describeStoreSpec(spec);
  if (spec.kind === 'memory') {
    return { name: 'store', status: 'ok', detail: 'memory: conversations are lost when the process exits' };
  }
  if (spec.kind === 'sqlite' && spec.path !== ':memory:') {
    if (!existsSync(spec.path)) return checkNewSqliteFile(spec.path, description);
    if (statSync(spec.path).isDirectory()) {
      return {
        name: 'store',
        status: 'fail',
        detail: `${description} is a directory, not a database file`,
        fix: `name a file inside it, e.g. --store sqlite:${resolve(spec.path, 'exai.db')}`,
      };
    }
  }
  const opening = openSessionStore(spec, { migrate: false });
  let opened = false;
  try {
    const store = await withTimeout(opening, OPEN_TIMEOUT_IN_MS, description);
    opened = true;
    try {
      await withTimeout(store.ping(), OPEN_TIMEOUT_IN_MS, description);
    } finally {
      await store.close();
    }
    return { name: 'store', status: 'ok', detail: `${description} answers` };
  } catch (error) {
    // Close a store that opened after the timeout gave up on it (one that opened was closed above).
    if (!opened) void opening.then((store) => store.close()).catch(() => undefined);
    if (ExaiError.isInstance(error) && error.code === 'migration_pending') {
      return {
        name: 'store',
        status: 'warn',
        detail: `${description} answers, but its schema is behind this exai`,
        fix: 'run exai migrate up (exai serve applies the migrations itself when it starts)',
      };
    }
    return {
      name: 'store',
      status: 'fail',
      detail: `${description} cannot be opened: ${errorMessage(error)}`,
      fix: 'check --store / EXAI_STORE, that the database is running and the credentials are right',
    };
  }
}
