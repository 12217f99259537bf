import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import pg from 'pg';
import { listenLocally } from '../listen-locally.js';
import { PostgrestShimError, toPostgrestShimError } from './postgrest-shim-errors.js';
import { verifyHs256Jwt, type JwtClaims } from './postgrest-shim-jwt.js';
import { callRpcFunction, findRpcFunction, quoteIdent } from './postgrest-shim-rpc.js';
import type { PostgrestShim, PostgrestShimOptions } from './postgrest-shim-types.js';

const maxBodyBytes = 16 * 1024 * 1024;
const rpcPath = /^\/rest\/v1\/rpc\/([^/]+)\/?$/;

/**
 * Starts an HTTP server that answers what supabase-js's `rpc()` sends, the way Supabase's API
 * gateway and PostgREST do: `POST /rest/v1/rpc/<function>` with a JSON object of named
 * arguments (or `GET` with them as query parameters), an `apikey` header and
 * `Authorization: Bearer <jwt>`. Each call verifies the JWT (HS256), then in one transaction
 * switches to the JWT's `role`, sets `request.jwt.claims` and `search_path`, and calls
 * `<schema>.<function>(name := value, …)`. Results and errors have PostgREST's shapes and statuses.
 * Tables, views, filters and every other PostgREST feature are not served.
 */
export async function createPostgrestShim({
  databaseUrl,
  schema,
  jwtSecret,
  port = 0,
  host = '127.0.0.1',
  anonRole = 'anon',
  roles = ['anon', 'authenticated', 'service_role'],
  maxConnections = 10,
}: PostgrestShimOptions): Promise<PostgrestShim> {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: maxConnections });
  pool.on('error', () => {
    // An idle connection dropped; the pool replaces it on the next request.
  });

  async function handle(
    request: IncomingMessage,
    caller: { role: string },
  ): Promise<{ status: number; body?: string }> {
    const url = new URL(request.url ?? '/', 'http://shim');
    const match = rpcPath.exec(url.pathname);
    if (match?.[1] === undefined) {
      throw new PostgrestShimError(404, {
        code: 'PGRST125',
        message: `Invalid path specified in request URL: ${url.pathname}`,
        hint: 'This server answers only POST /rest/v1/rpc/<function>.',
      });
    }
    const functionName = decodeURIComponent(match[1]);
    if (request.method !== 'POST' && request.method !== 'GET') {
      throw new PostgrestShimError(405, {
        code: 'PGRST101',
        message: 'Only GET and POST are allowed for functions',
      });
    }
    const claims = authenticate(request);
    const role = typeof claims.role === 'string' ? claims.role : anonRole;
    caller.role = role;
    checkProfile(request);
    const argumentsObject =
      request.method === 'GET' ? Object.fromEntries(url.searchParams) : await readArguments(request);
    return { status: 200, ...(await run(functionName, argumentsObject, { role, claims, request })) };
  }

  function authenticate(request: IncomingMessage): JwtClaims {
    const apiKey = headerValue(request, 'apikey');
    if (apiKey === undefined) {
      throw new PostgrestShimError(401, { code: 'PGRST301', message: 'No API key found in request' });
    }
    const apiKeyCheck = verifyHs256Jwt(apiKey, jwtSecret);
    if (!apiKeyCheck.ok) {
      throw new PostgrestShimError(401, {
        code: 'PGRST301',
        message: `Invalid API key: ${apiKeyCheck.reason}`,
      });
    }
    const authorization = headerValue(request, 'authorization');
    if (authorization === undefined) return apiKeyCheck.claims;
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
    if (bearer === undefined) {
      throw new PostgrestShimError(401, {
        code: 'PGRST301',
        message: 'The Authorization header is not "Bearer <jwt>"',
      });
    }
    const check = verifyHs256Jwt(bearer, jwtSecret);
    if (!check.ok) throw new PostgrestShimError(401, { code: 'PGRST301', message: check.reason });
    return check.claims;
  }

  function checkProfile(request: IncomingMessage): void {
    const profile = headerValue(request, request.method === 'GET' ? 'accept-profile' : 'content-profile');
    if (profile !== undefined && profile !== schema) {
      throw new PostgrestShimError(406, {
        code: 'PGRST106',
        message: `The schema must be one of the following: ${schema}`,
      });
    }
  }

  async function run(
    functionName: string,
    argumentsObject: Record<string, unknown>,
    { role, claims, request }: { role: string; claims: JwtClaims; request: IncomingMessage },
  ): Promise<{ body?: string }> {
    if (!roles.includes(role)) {
      throw new PostgrestShimError(403, {
        code: '42501',
        message: `permission denied to set role "${role}"`,
      });
    }
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin');
      try {
        const fn = await findRpcFunction(client, schema, functionName, Object.keys(argumentsObject));
        await client.query(
          `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                  set_config('search_path', $3, true), set_config('request.method', $4, true),
                  set_config('request.path', $5, true)`,
          [
            role,
            JSON.stringify({ ...claims, role }),
            quoteIdent(schema),
            request.method ?? 'POST',
            request.url ?? '',
          ],
        );
        const body = await callRpcFunction(client, fn, argumentsObject);
        await client.query('commit');
        return body === undefined ? {} : { body };
      } catch (error) {
        await client.query('rollback').catch((rollbackError: unknown) => {
          broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
        });
        throw error;
      }
    } finally {
      client.release(broken);
    }
  }

  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const caller = { role: anonRole };
    handle(request, caller).then(
      ({ status, body }) => {
        if (body === undefined) response.writeHead(204).end();
        else response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(body);
      },
      (error: unknown) => {
        const failure = toPostgrestShimError(error, { anonymous: caller.role === anonRole });
        const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
        if (failure.status === 401) headers['www-authenticate'] = 'Bearer';
        if (!response.headersSent)
          response.writeHead(failure.status, headers).end(JSON.stringify(failure.body));
      },
    );
  });

  const url = await listenLocally(server, port, host);

  let closing: Promise<void> | undefined;
  return {
    url,
    close() {
      closing ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await pool.end();
      })();
      return closing;
    },
  };
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readArguments(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > maxBodyBytes) {
      throw new PostgrestShimError(413, {
        code: 'PGRST102',
        message: `The request body is over ${maxBodyBytes} bytes`,
      });
    }
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PostgrestShimError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PostgrestShimError(400, {
      code: 'PGRST102',
      message: 'The request body must be a JSON object of named arguments',
    });
  }
  return parsed as Record<string, unknown>;
}
