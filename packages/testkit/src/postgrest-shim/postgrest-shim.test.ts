import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgrestShim } from './postgrest-shim.js';
import { signTestJwt } from './postgrest-shim-jwt.js';
import type { PostgrestShim } from './postgrest-shim-types.js';
import {
  checkTestDatabase,
  ensureApiRoles,
  testDatabaseUrl,
  uniqueSchemaName,
} from './postgrest-shim-test-database.js';

const reachable = await checkTestDatabase('the PostgREST shim tests');
const secret = 'shim-test-secret-at-least-32-characters-long';
const schema = uniqueSchemaName('shim_test');
const anonKey = signTestJwt({ role: 'anon' }, secret);
const userJwt = signTestJwt({ role: 'authenticated', sub: 'user-1', tenant_id: 'acme' }, secret);
const serviceKey = signTestJwt({ role: 'service_role' }, secret);

const setupSql = `
  create schema "${schema}";
  set local search_path = "${schema}";
  create table log (message text);
  create function echo(say text) returns text language sql as $$ select say $$;
  create function add(a int, b int default 1) returns int language sql as $$ select a + b $$;
  create function whoami() returns jsonb language sql as $$
    select current_setting('request.jwt.claims')::jsonb
      || jsonb_build_object('current_user', current_user, 'search_path', current_setting('search_path'))
  $$;
  create function numbers(n int) returns setof int language sql as $$ select generate_series(1, n) $$;
  create function people() returns table (id int, name text) language sql as $$
    values (1, 'Ada'), (2, 'Grace')
  $$;
  create function nothing() returns void language sql as $$ select $$;
  create function nothing_at_all() returns text language sql as $$ select null::text $$;
  create function shape(doc jsonb, tags text[], at timestamptz) returns jsonb language sql as $$
    select jsonb_build_object('doc', doc, 'tags', to_jsonb(tags), 'year', extract(year from at at time zone 'UTC'))
  $$;
  create function fail(state text) returns void language plpgsql as $$
  begin
    raise exception 'failed on purpose' using errcode = state, detail = 'a detail', hint = 'a hint';
  end $$;
  create function insert_then_fail() returns void language plpgsql security definer as $$
  begin
    insert into log values ('kept?');
    raise exception 'rolled back';
  end $$;
  create function service_only() returns text language sql as $$ select 'secret' $$;
  revoke execute on function service_only() from public;
  grant execute on function service_only() to service_role;
  grant usage on schema "${schema}" to anon, authenticated, service_role;
`;

interface CallOptions {
  method?: string;
  body?: string;
  apiKey?: string | null;
  bearer?: string | null;
  headers?: Record<string, string>;
}

describe.skipIf(!reachable)('createPostgrestShim', () => {
  let shim: PostgrestShim;
  const admin = new pg.Client({ connectionString: testDatabaseUrl });

  beforeAll(async () => {
    await admin.connect();
    await ensureApiRoles(admin);
    await admin.query('begin');
    await admin.query(setupSql);
    await admin.query('commit');
    shim = await createPostgrestShim({ databaseUrl: testDatabaseUrl, schema, jwtSecret: secret });
  });

  afterAll(async () => {
    await shim?.close();
    await admin.query(`drop schema if exists "${schema}" cascade`).catch(() => undefined);
    await admin.end();
  });

  async function call(
    path: string,
    { method = 'POST', body, apiKey = anonKey, bearer = anonKey, headers = {} }: CallOptions = {},
  ) {
    const response = await fetch(`${shim.url}${path}`, {
      method,
      headers: {
        'content-type': 'application/json',
        ...(apiKey === null ? {} : { apikey: apiKey }),
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...headers,
      },
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: text === '' ? undefined : JSON.parse(text),
    };
  }

  it('listens on 127.0.0.1 and calls a function with named JSON arguments', async () => {
    expect(shim.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const result = await call('/rest/v1/rpc/echo', { body: JSON.stringify({ say: 'hello' }) });
    expect(result).toMatchObject({ status: 200, json: 'hello' });
    expect(result.headers.get('content-type')).toContain('application/json');
  });

  it('runs as the JWT role with the claims in request.jwt.claims and the schema on the search path', async () => {
    const asUser = await call('/rest/v1/rpc/whoami', { bearer: userJwt, body: '{}' });
    expect(asUser.json).toMatchObject({
      role: 'authenticated',
      sub: 'user-1',
      tenant_id: 'acme',
      current_user: 'authenticated',
      search_path: `"${schema}"`,
    });
    const asAnon = await call('/rest/v1/rpc/whoami', { body: '{}' });
    expect(asAnon.json).toMatchObject({ role: 'anon', current_user: 'anon' });
  });

  it('uses the apikey claims when no Authorization header is sent', async () => {
    const result = await call('/rest/v1/rpc/whoami', { apiKey: serviceKey, bearer: null, body: '{}' });
    expect(result.json).toMatchObject({ role: 'service_role', current_user: 'service_role' });
  });

  it('applies parameter defaults, converts JSON to parameter types and accepts GET', async () => {
    expect((await call('/rest/v1/rpc/add', { body: '{"a": 41}' })).json).toBe(42);
    expect((await call('/rest/v1/rpc/add', { body: '{"a": 1, "b": 2}' })).json).toBe(3);
    expect((await call('/rest/v1/rpc/add?a=5&b=6', { method: 'GET' })).json).toBe(11);
    const shaped = await call('/rest/v1/rpc/shape', {
      body: JSON.stringify({
        doc: { nested: [1, { x: true }] },
        tags: ['a', 'b,c'],
        at: '2024-03-01T00:00:00Z',
      }),
    });
    expect(shaped.json).toEqual({ doc: { nested: [1, { x: true }] }, tags: ['a', 'b,c'], year: 2024 });
  });

  it('returns sets as arrays, table rows as objects, null as null and void as 204', async () => {
    expect((await call('/rest/v1/rpc/numbers', { body: '{"n": 3}' })).json).toEqual([1, 2, 3]);
    expect((await call('/rest/v1/rpc/numbers', { body: '{"n": 0}' })).json).toEqual([]);
    expect((await call('/rest/v1/rpc/people', { body: '{}' })).json).toEqual([
      { id: 1, name: 'Ada' },
      { id: 2, name: 'Grace' },
    ]);
    expect(await call('/rest/v1/rpc/nothing_at_all', { body: '{}' })).toMatchObject({
      status: 200,
      text: 'null',
    });
    expect(await call('/rest/v1/rpc/nothing', { body: '' })).toMatchObject({ status: 204, text: '' });
  });

  it('refuses a JWT with a bad signature, an expired JWT, alg none and a missing API key with 401', async () => {
    const forged = signTestJwt({ role: 'service_role' }, 'another-secret');
    const expired = signTestJwt({ role: 'authenticated', exp: Math.floor(Date.now() / 1000) - 10 }, secret);
    const unsignedHeader = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const unsignedClaims = Buffer.from(JSON.stringify({ role: 'service_role' })).toString('base64url');
    const algNone = `${unsignedHeader}.${unsignedClaims}.`;
    for (const options of [
      { bearer: forged },
      { bearer: expired },
      { bearer: algNone },
      { bearer: 'not-a-jwt' },
      { apiKey: forged, bearer: null },
      { apiKey: null },
    ] satisfies CallOptions[]) {
      const result = await call('/rest/v1/rpc/service_only', { ...options, body: '{}' });
      expect(result.status, JSON.stringify(options)).toBe(401);
      expect(result.json).toMatchObject({ code: 'PGRST301' });
      expect(result.headers.get('www-authenticate')).toBe('Bearer');
    }
    const expiredResult = await call('/rest/v1/rpc/echo', { bearer: expired, body: '{"say":"x"}' });
    expect(expiredResult.json.message).toContain('expired');
  });

  it('answers an unknown function or unknown argument names with 404 PGRST202', async () => {
    const unknown = await call('/rest/v1/rpc/does_not_exist', { body: '{}' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ code: 'PGRST202' });
    expect(unknown.json.message).toContain(`${schema}.does_not_exist`);
    expect((await call('/rest/v1/rpc/echo', { body: '{"shout":"x"}' })).status).toBe(404);
    expect((await call('/rest/v1/rpc/add', { body: '{"b": 1}' })).status).toBe(404);
  });

  it('maps SQLSTATEs to statuses as PostgREST does and forwards message, details and hint', async () => {
    const cases: Array<[string, number]> = [
      ['23505', 409],
      ['23503', 409],
      ['P0001', 400],
      ['P0002', 500],
      ['22023', 400],
      ['40001', 500],
      ['53300', 503],
      ['PT418', 418],
    ];
    for (const [state, status] of cases) {
      const result = await call('/rest/v1/rpc/fail', { bearer: userJwt, body: JSON.stringify({ state }) });
      expect(result.status, state).toBe(status);
      expect(result.json).toEqual({
        code: state,
        message: 'failed on purpose',
        details: 'a detail',
        hint: 'a hint',
      });
    }
  });

  it('answers a missing EXECUTE privilege with 403 for a signed-in role and 401 for anon', async () => {
    expect((await call('/rest/v1/rpc/service_only', { bearer: userJwt, body: '{}' })).status).toBe(403);
    const anon = await call('/rest/v1/rpc/service_only', { body: '{}' });
    expect(anon.status).toBe(401);
    expect(anon.json).toMatchObject({ code: '42501' });
    expect(await call('/rest/v1/rpc/service_only', { bearer: serviceKey, body: '{}' })).toMatchObject({
      status: 200,
      json: 'secret',
    });
  });

  it('refuses to switch to a role outside its list, such as the superuser', async () => {
    const superuser = signTestJwt({ role: 'postgres' }, secret);
    const result = await call('/rest/v1/rpc/echo', { bearer: superuser, body: '{"say":"x"}' });
    expect(result).toMatchObject({ status: 403, json: { code: '42501' } });
  });

  it('rolls the whole call back when the function fails', async () => {
    const result = await call('/rest/v1/rpc/insert_then_fail', { bearer: serviceKey, body: '{}' });
    expect(result.status).toBe(400);
    const { rows } = await admin.query(`select count(*)::int as count from "${schema}".log`);
    expect(rows[0].count).toBe(0);
  });

  it('serves nothing but functions: tables, other methods, bad bodies and other schemas are refused', async () => {
    expect((await call('/rest/v1/log', { method: 'GET', bearer: serviceKey })).status).toBe(404);
    expect((await call('/rest/v1/rpc/echo', { method: 'PUT', body: '{"say":"x"}' })).status).toBe(405);
    expect(await call('/rest/v1/rpc/echo', { body: '{"say":' })).toMatchObject({
      status: 400,
      json: { code: 'PGRST102' },
    });
    expect((await call('/rest/v1/rpc/echo', { body: '["x"]' })).status).toBe(400);
    const otherSchema = await call('/rest/v1/rpc/echo', {
      body: '{"say":"x"}',
      headers: { 'content-profile': 'public' },
    });
    expect(otherSchema).toMatchObject({ status: 406, json: { code: 'PGRST106' } });
    const sameSchema = await call('/rest/v1/rpc/echo', {
      body: '{"say":"x"}',
      headers: { 'content-profile': schema },
    });
    expect(sameSchema.status).toBe(200);
  });

  it('serves concurrent calls', async () => {
    const results = await Promise.all(
      Array.from({ length: 25 }, (_, index) =>
        call('/rest/v1/rpc/add', { body: JSON.stringify({ a: index }) }),
      ),
    );
    expect(results.map((result) => result.json)).toEqual(Array.from({ length: 25 }, (_, index) => index + 1));
  });
});

describe('createPostgrestShim without a database', () => {
  it('answers 503 when PostgreSQL cannot be reached, and closes cleanly', async () => {
    const shim = await createPostgrestShim({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/none',
      schema: 'public',
      jwtSecret: secret,
    });
    try {
      const response = await fetch(`${shim.url}/rest/v1/rpc/echo`, {
        method: 'POST',
        headers: { apikey: anonKey, authorization: `Bearer ${anonKey}`, 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(503);
      expect(await response.json()).toMatchObject({ code: 'PGRST001' });
    } finally {
      await shim.close();
    }
    await expect(fetch(`${shim.url}/rest/v1/rpc/echo`, { method: 'POST' })).rejects.toThrow();
  });
});
