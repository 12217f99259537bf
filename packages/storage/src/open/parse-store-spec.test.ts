import { InvalidConfigError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { describeStoreSpec, parseStoreSpec } from './parse-store-spec.js';

describe('parseStoreSpec', () => {
  const env = { HOME: '/home/ada', XDG_DATA_HOME: '' };

  it('defaults to SQLite in the data directory', () => {
    expect(parseStoreSpec(undefined, { env })).toEqual({
      kind: 'sqlite',
      path: '/home/ada/.local/share/exai/exai.db',
    });
    expect(parseStoreSpec('sqlite', { env })).toEqual(parseStoreSpec('', { env }));
  });

  it('reads ~/ in a SQLite path as the home directory, and leaves other tildes alone', () => {
    expect(parseStoreSpec('sqlite:~/exai.db', { env })).toEqual({
      kind: 'sqlite',
      path: '/home/ada/exai.db',
    });
    expect(parseStoreSpec('sqlite:~', { env })).toEqual({ kind: 'sqlite', path: '/home/ada' });
    expect(parseStoreSpec('sqlite:~ada/x.db', { env })).toEqual({ kind: 'sqlite', path: '~ada/x.db' });
    expect(parseStoreSpec('sqlite:data/~/x.db', { env })).toEqual({ kind: 'sqlite', path: 'data/~/x.db' });
  });

  it('reads every kind', () => {
    expect(parseStoreSpec('sqlite:/data/x.db', { env })).toEqual({ kind: 'sqlite', path: '/data/x.db' });
    expect(parseStoreSpec('sqlite:///data/x.db', { env })).toEqual({ kind: 'sqlite', path: '/data/x.db' });
    expect(parseStoreSpec('memory', { env })).toEqual({ kind: 'memory' });
    expect(parseStoreSpec('postgresql://u@h/db', { env })).toEqual({
      kind: 'postgres',
      connectionString: 'postgresql://u@h/db',
    });
    expect(
      parseStoreSpec('supabase', {
        env: { SUPABASE_URL: 'https://x.supabase.co', SUPABASE_SERVICE_ROLE_KEY: 'k' },
      }),
    ).toEqual({ kind: 'supabase', url: 'https://x.supabase.co', key: 'k' });
  });

  it('says what is missing or wrong', () => {
    const error = (value: string, environment: Record<string, string | undefined> = env) => {
      try {
        parseStoreSpec(value, { env: environment });
      } catch (caught) {
        if (InvalidConfigError.isInstance(caught)) return caught.message;
      }
      throw new Error('expected an InvalidConfigError');
    };
    expect(error('supabase', {})).toContain('SUPABASE_URL and SUPABASE_SERVICE_ROLE_KEY');
    expect(error('mysql://x')).toContain('"mysql://x" is not a store; use sqlite');
    expect(error('sqlite:')).toContain('has no path');
  });

  it('reads the pool mode of a PostgreSQL store from EXAI_PG_POOL_MODE', () => {
    const url = 'postgres://u@pooler:6543/db';
    expect(parseStoreSpec(url, { env: { ...env, EXAI_PG_POOL_MODE: 'transaction' } })).toEqual({
      kind: 'postgres',
      connectionString: url,
      poolMode: 'transaction',
    });
    expect(parseStoreSpec(url, { env: { ...env, EXAI_PG_POOL_MODE: ' session ' } })).toMatchObject({
      poolMode: 'session',
    });
    expect(parseStoreSpec(url, { env: { ...env, EXAI_PG_POOL_MODE: '' } })).not.toHaveProperty('poolMode');
    expect(() => parseStoreSpec(url, { env: { ...env, EXAI_PG_POOL_MODE: 'statement' } })).toThrow(
      /Invalid configuration in EXAI_PG_POOL_MODE:\n {2}- "statement" is not a pool mode; use transaction/,
    );
  });

  it('hides a password when describing a connection string', () => {
    expect(
      describeStoreSpec({ kind: 'postgres', connectionString: 'postgres://bob:secret@db:5432/exai' }),
    ).toBe('postgres://bob:***@db:5432/exai');
    expect(
      describeStoreSpec({
        kind: 'postgres',
        connectionString: 'postgres://bob:secret@pooler:6543/exai',
        poolMode: 'transaction',
      }),
    ).toBe('postgres://bob:***@pooler:6543/exai (transaction pool mode)');
  });

  it('hides a password containing @, password query parameters, and strings URL cannot parse', () => {
    const describe = (connectionString: string) => describeStoreSpec({ kind: 'postgres', connectionString });
    expect(describe('postgres://u:p@ss@host/db')).toBe('postgres://u:***@host/db');
    expect(describe('postgres://u@h:5432/db?password=s3cret&sslmode=require')).toBe(
      'postgres://u@h:5432/db?password=***&sslmode=require',
    );
    expect(describe('postgresql://u@h/db?sslpassword=k3y&PASSWORD=x')).toBe(
      'postgresql://u@h/db?sslpassword=***&PASSWORD=***',
    );
    expect(describe('postgres://u:pa/ss@host/db')).toBe('postgres://***');
    expect(describe('postgres://h/db')).toBe('postgres://h/db');
  });
});
