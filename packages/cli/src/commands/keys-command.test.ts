import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';
import { runCliCaptured, type CapturedCliRun } from '../test-helpers/run-cli-captured.js';

let home: string;
let store: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-keys-'));
  store = `sqlite:${join(home, 'exai.db')}`;
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
});

function exai(argv: string[]): Promise<CapturedCliRun> {
  return runCliCaptured({ argv: ['--store', store, ...argv], env: { HOME: home, NO_COLOR: '1' }, cwd: home });
}

/** Runs `exai serve --http` in this process until `stop()`; resolves once it listens. */
async function serve(argv: string[]) {
  let stderr = '';
  const exited = runCli({
    argv: ['--store', store, 'serve', '--http', '--port', '0', ...argv],
    env: { HOME: home, NO_COLOR: '1', KIMI_API_KEY: 'test-key' },
    cwd: home,
    stdin: new PassThrough(),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/MCP server on http:\/\/\S+|exai: \w+:/);
  const url = /MCP server on (http:\/\/\S+)/.exec(stderr)?.[1];
  return {
    url: url!,
    stderr: () => stderr,
    async stop() {
      process.emit('SIGTERM');
      return exited;
    },
  };
}

function initialize(url: string, key?: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...(key !== undefined && { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } },
    }),
  });
}

describe('exai keys', () => {
  it('creates a key shown once, lists it without the key, serves it, and refuses it once revoked', async () => {
    const created = await exai([
      'keys',
      'create',
      '--tenant',
      'acme',
      '--name',
      'laptop',
      '--expires',
      '30d',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as Record<string, unknown>;
    expect(key).toMatchObject({
      tenantId: 'acme',
      name: 'laptop',
      admin: false,
      state: 'active',
      tenantCreated: true,
    });
    expect(key.key).toMatch(/^exai_t\.[0-9a-z]+_[A-Za-z0-9_-]{43}$/);
    expect(Date.parse(key.expiresAt as string) - Date.now()).toBeGreaterThan(29 * 86_400_000);

    const plain = await exai(['keys', 'create', '--tenant', 'acme']);
    expect(plain.code).toBe(0);
    expect(plain.stdout).toMatch(/^exai_t_[A-Za-z0-9_-]{43}\n$/);
    expect(plain.stderr).toContain('It is shown this once');

    const listed = await exai(['keys', 'list', '--tenant', 'acme', '--json']);
    const keys = (JSON.parse(listed.stdout) as { keys: Array<Record<string, unknown>> }).keys;
    expect(keys.map((entry) => entry.name)).toEqual(['laptop', 'acme key']);
    expect(listed.stdout).not.toContain(key.key as string);
    const table = await exai(['keys', 'list']);
    expect(table.stdout).toContain('laptop');
    expect(table.stdout).not.toContain(key.key as string);

    const daemon = await serve([]);
    try {
      expect(daemon.stderr()).toContain('exai: authentication: API keys');
      expect((await initialize(daemon.url)).status).toBe(401);
      expect((await initialize(daemon.url, key.key as string)).status).toBe(200);
      const revoked = await exai(['keys', 'revoke', key.id as string, '--json']);
      expect(JSON.parse(revoked.stdout)).toMatchObject({
        revoked: key.id,
        tenantId: 'acme',
        alreadyRevoked: false,
      });
      // Refused once the daemon asks the store again (it reuses a found key for at most 500 ms).
      await expect
        .poll(async () => (await initialize(daemon.url, key.key as string)).status, {
          timeout: 1000,
          interval: 100,
        })
        .toBe(401);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
    const listedAfter = JSON.parse((await exai(['keys', 'list', '--json'])).stdout) as {
      keys: Array<Record<string, unknown>>;
    };
    expect(listedAfter.keys.find((entry) => entry.id === key.id)).toMatchObject({ state: 'revoked' });
    expect(listedAfter.keys.find((entry) => entry.id === key.id)?.lastUsedAt).toEqual(expect.any(String));
  });

  it('refuses a tenant id with a control character, creating neither the store nor the tenant', async () => {
    const fresh = `sqlite:${join(home, 'never-created.db')}`;
    for (const [tenant, shown, code] of [
      ['ac\u001b[31mme', 'ac\\u{1b}[31mme', 'U+001B at character 3'],
      ['acme\n', 'acme\\u{a}', 'U+000A at character 5'],
      ['ac\u200bme', 'ac\\u{200b}me', 'U+200B at character 3'],
    ]) {
      const result = await runCliCaptured({
        argv: ['--store', fresh, 'keys', 'create', '--tenant', tenant!],
        env: { HOME: home, NO_COLOR: '1' },
        cwd: home,
      });
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr).toBe(
        `exai: invalid_argument: --tenant "${shown}" is not a usable tenant id: it holds ${code}, a control or ` +
          'invisible character; use letters, digits and punctuation (e.g. acme or team-42).\n',
      );
    }
    expect(existsSync(join(home, 'never-created.db'))).toBe(false);

    const valid = await exai(['keys', 'create', '--tenant', 'Acme Corp', '--json']);
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({ tenantId: 'Acme Corp', tenantCreated: true });
  });

  it('says which key is unknown to revoke, with exit 1', async () => {
    const result = await exai(['keys', 'revoke', 'no-such-key']);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exai: record_not_found: no API key "no-such-key"');
  });
});

describe('exai serve --http --no-auth', () => {
  it('is refused beyond loopback, saying how to create a key', async () => {
    const result = await exai(['serve', '--http', '--host', '0.0.0.0', '--port', '0', '--no-auth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-auth is accepted only on a loopback address');
    expect(result.stderr).toContain('exai keys create --tenant <tenant>');
    expect(result.stderr).not.toContain('    at ');
  });

  it('serves loopback without credentials and says so at start-up', async () => {
    const daemon = await serve(['--no-auth']);
    try {
      expect(daemon.stderr()).toContain('exai: --no-auth: no authentication on 127.0.0.1 (loopback only)');
      expect((await initialize(daemon.url)).status).toBe(200);
    } finally {
      expect(await daemon.stop()).toBe(0);
    }
  });

  it('needs --http', async () => {
    const result = await exai(['serve', '--no-auth']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--no-auth needs --http');
  });
});
