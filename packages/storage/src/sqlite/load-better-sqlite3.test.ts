import { ExaiError } from '@exai/core';
import { describe, expect, it } from 'vitest';

import { loadBetterSqlite3 } from './load-better-sqlite3.js';
import { SqliteDriverUnavailableError } from './sqlite-driver-unavailable-error.js';

function failingRequire(error: Error): (name: string) => unknown {
  return () => {
    throw error;
  };
}

function loadError(requireModule: (name: string) => unknown): SqliteDriverUnavailableError {
  try {
    loadBetterSqlite3({ requireModule });
  } catch (error) {
    if (SqliteDriverUnavailableError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('loadBetterSqlite3 did not fail');
}

describe('loadBetterSqlite3', () => {
  it('loads the real driver', () => {
    const Database = loadBetterSqlite3();
    const database = new Database(':memory:');
    expect(database.prepare('select 1 as one').get()).toEqual({ one: 1 });
    database.close();
  });

  it('says the package is missing when it failed to install', () => {
    const missing = Object.assign(new Error("Cannot find module 'better-sqlite3'\nRequire stack:\n- x"), {
      code: 'MODULE_NOT_FOUND',
    });
    const error = loadError(failingRequire(missing));
    expect(ExaiError.isInstance(error)).toBe(true);
    expect(error.code).toBe('sqlite_unavailable');
    expect(error.isRetryable).toBe(false);
    expect(error.cause).toBe(missing);
    expect(error.message).toContain('not installed');
    expect(error.message).toContain('python3, make and a C++ compiler');
    expect(error.message).toContain('EXAI_STORE=memory');
    expect(error.message).not.toContain('\n');
  });

  it('says the native module was never built when the bindings file is missing', () => {
    const unbuilt = new Error('Could not locate the bindings file. Tried:\n → /x/build/better_sqlite3.node');
    const error = loadError(failingRequire(unbuilt));
    expect(error.message).toContain('never built');
    expect(error.message).not.toContain('\n');
  });

  it('names this Node.js version when the module was built for another one', () => {
    const mismatch = new Error(
      "The module '/x/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115.",
    );
    const error = loadError(failingRequire(mismatch));
    expect(error.message).toContain(process.version);
    expect(error.message).not.toContain('\n');
  });

  it('fails when the constructor itself cannot load the native module', () => {
    const Constructor = function () {
      throw new Error('libstdc++.so.6: cannot open shared object file\nmore');
    };
    const error = loadError(() => Constructor);
    expect(error.message).toContain('libstdc++.so.6: cannot open shared object file');
    expect(error.message).not.toContain('more');
  });
});
