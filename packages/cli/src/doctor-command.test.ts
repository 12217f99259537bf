import { stripVTControlCharacters } from 'node:util';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DoctorCheck } from './doctor/doctor-check.js';
import { runCli } from './program.js';

const key = 'sk-doctor-secret-0123456789abcdef';
let upstream: FakeUpstream;
let directory: string;
let closedPort: number;

/**
 * Runs `exai doctor --json` (and the text form, whose secrets are checked too). Every provider
 * that gets a key points at 127.0.0.1; the others have none, so nothing leaves this machine.
 */
async function doctor(env: Record<string, string> = {}, argv: string[] = []) {
  const run = async (json: boolean) => {
    let stdout = '';
    let stderr = '';
    const code = await runCli({
      argv: [...argv, 'doctor', ...(json ? ['--json'] : [])],
      env: {
        HOME: directory,
        XDG_CONFIG_HOME: join(directory, 'config'),
        NO_COLOR: '1',
        EXAI_STORE: 'memory',
        OLLAMA_BASE_URL: `${upstream.url}/v1`,
        ...env,
      },
      cwd: directory,
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
    });
    return { code, stdout, stderr };
  };
  const json = await run(true);
  const text = await run(false);
  for (const output of [json.stdout, json.stderr, text.stdout, text.stderr])
    expect(output).not.toContain(key);
  expect(text.code).toBe(json.code);
  const parsed = JSON.parse(json.stdout) as { ok: boolean; checks: DoctorCheck[] };
  const check = (name: string) => parsed.checks.find((candidate) => candidate.name === name);
  return {
    code: json.code,
    ok: parsed.ok,
    checks: parsed.checks,
    check,
    text: stripVTControlCharacters(text.stdout),
  };
}

const kimiAt = (baseURL: string) => ({ KIMI_API_KEY: key, KIMI_BASE_URL: baseURL });

beforeAll(async () => {
  upstream = await createFakeUpstream();
  directory = mkdtempSync(join(tmpdir(), 'exai-doctor-'));
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closedPort = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

describe('exai doctor', () => {
  it('passes against a reachable provider, naming missing keys without failing', async () => {
    const result = await doctor(kimiAt(`${upstream.url}/v1`));
    expect(result.code).toBe(0);
    expect(result.ok).toBe(true);
    expect(result.check('config')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('defaults'),
    });
    expect(result.check('kimi key')).toEqual({
      name: 'kimi key',
      status: 'ok',
      detail: 'set (from KIMI_API_KEY)',
    });
    expect(result.check('kimi reachable')).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/GET http:\/\/127\.0\.0\.1:\d+\/v1\/models answered 200/),
    });
    expect(result.check('glm key')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('GLM_API_KEY or ZHIPUAI_API_KEY is not set'),
      fix: expect.stringContaining('export GLM_API_KEY='),
    });
    // A provider without a key is not contacted.
    expect(result.check('glm reachable')).toBeUndefined();
    expect(result.check('store')).toMatchObject({ status: 'ok' });
    expect(result.check('allowed roots')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining(process.cwd()),
    });
    expect(result.check('tools')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('standard profile'),
    });
    expect(result.check('providers')).toBeUndefined();

    const kimiRequest = upstream.requests.find((request) => request.headers.authorization !== undefined);
    expect(kimiRequest).toMatchObject({ method: 'GET', path: '/v1/models' });
    expect(kimiRequest?.headers.authorization).toBe(`Bearer ${key}`);
    expect(result.text).toMatch(/^✓ ok\s+kimi reachable/m);
    expect(result.text).toMatch(/^! warn\s+glm key/m);
    expect(result.text).toMatch(/\d+ ok, \d+ warnings, 0 failed/);
  });

  it('fails with a hint when a provider is unreachable', async () => {
    const result = await doctor(kimiAt(`http://127.0.0.1:${closedPort}/v1`));
    expect(result.code).toBe(1);
    expect(result.ok).toBe(false);
    expect(result.check('kimi reachable')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`cannot reach http://127.0.0.1:${closedPort}/v1`),
      fix: expect.stringContaining('KIMI_BASE_URL'),
    });
    expect(result.text).toMatch(/^✗ fail\s+kimi reachable/m);
    expect(result.text).toMatch(/fix: check the base URL/);
    expect(result.text).toMatch(/, [1-9]\d* failed/);
  });

  it('names a base URL variable without a scheme, its value and the fix', async () => {
    const upstreamHost = upstream.url.replace(/^http:\/\//, '');
    const result = await doctor(kimiAt(`${upstreamHost}/v1`));
    expect(result.code).toBe(1);
    expect(result.check('kimi reachable')).toMatchObject({
      status: 'fail',
      detail: `KIMI_BASE_URL is "${upstreamHost}/v1", which has no scheme; write the full URL, such as http://${upstreamHost}/v1`,
      fix: 'set KIMI_BASE_URL to a full http:// or https:// URL',
    });
  });

  it('fails a misspelled defaultModel or tools.<name>.model, naming the file and the key', async () => {
    const file = join(directory, 'misspelled.json');
    writeFileSync(
      file,
      JSON.stringify({ defaultModel: 'kimi-k3', tools: { codereview: { model: 'glm-9' } } }),
    );
    const result = await doctor(kimiAt(`${upstream.url}/v1`), ['--config', file]);
    expect(result.code).toBe(1);
    const models = result.checks.filter((check) => check.name === 'models');
    expect(models).toEqual([
      expect.objectContaining({
        status: 'fail',
        detail: expect.stringContaining(`defaultModel in ${file} is "kimi-k3": no_such_model:`),
        fix: `set defaultModel in ${file} to a model \`exai models\` lists (or auto), or remove it`,
      }),
      expect.objectContaining({
        status: 'fail',
        detail: expect.stringContaining(`tools.codereview.model in ${file} is "glm-9": no_such_model:`),
      }),
    ]);
    writeFileSync(
      file,
      JSON.stringify({ defaultModel: 'kimi-k2', tools: { codereview: { model: 'auto' } } }),
    );
    const fixed = await doctor(kimiAt(`${upstream.url}/v1`), ['--config', file]);
    expect(fixed.check('models')).toMatchObject({ status: 'ok', detail: 'defaultModel kimi-k2' });
  });

  it('fails when the provider refuses the key, without printing it', async () => {
    upstream.enqueue({
      match: { path: '/models', method: 'GET' },
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${key}` } },
      times: 2,
    });
    const result = await doctor({
      ...kimiAt(`${upstream.url}/v1`),
      OLLAMA_BASE_URL: `http://127.0.0.1:${closedPort}/v1`,
    });
    expect(result.code).toBe(1);
    expect(result.check('kimi reachable')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('refused the key (HTTP 401)'),
      fix: expect.stringContaining('KIMI_API_KEY'),
    });
  });

  it('fails when no provider has a key, naming each variable', async () => {
    const result = await doctor({
      EXAI_CONFIG: JSON.stringify({ providers: { ollama: { enabled: false } } }),
      KIMI_BASE_URL: `${upstream.url}/v1`,
    });
    expect(result.code).toBe(1);
    expect(result.check('kimi key')).toMatchObject({
      status: 'warn',
      detail: expect.stringContaining('KIMI_API_KEY or MOONSHOT_API_KEY is not set'),
    });
    expect(result.check('openai key')?.detail).toContain('OPENAI_API_KEY');
    expect(result.check('ollama key')).toBeUndefined();
    expect(result.check('providers')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('every enabled provider is missing its key'),
    });
    expect(upstream.requests).toHaveLength(0);
  });

  it('a local Ollama nobody configured is only a warning when it is not running', async () => {
    const result = await doctor({ ...kimiAt(`${upstream.url}/v1`), OLLAMA_BASE_URL: '' });
    // Unset, Ollama's default is 127.0.0.1:11434; whether something listens there depends on the machine.
    expect(['ok', 'warn']).toContain(result.check('ollama reachable')?.status);
    expect(result.code).toBe(0);
  });

  it('fails the store check for a path that cannot be a database, and for a bad spec', async () => {
    const file = join(directory, 'plain-file');
    writeFileSync(file, 'not a directory');
    const throughFile = await doctor({
      ...kimiAt(`${upstream.url}/v1`),
      EXAI_STORE: `sqlite:${join(file, 'exai.db')}`,
    });
    expect(throughFile.code).toBe(1);
    expect(throughFile.check('store')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining(`${file} is a file, not a directory`),
      fix: expect.stringContaining('EXAI_STORE'),
    });
    // The other checks still ran.
    expect(throughFile.check('kimi reachable')?.status).toBe('ok');

    const folder = join(directory, 'a-folder');
    mkdirSync(folder);
    const ontoDirectory = await doctor(kimiAt(`${upstream.url}/v1`), ['--store', `sqlite:${folder}`]);
    expect(ontoDirectory.check('store')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('is a directory'),
    });

    const badSpec = await doctor({ ...kimiAt(`${upstream.url}/v1`), EXAI_STORE: 'mysql://localhost/exai' });
    expect(badSpec.code).toBe(1);
    expect(badSpec.check('store')?.status).toBe('fail');

    const fresh = join(directory, 'new', 'exai.db');
    const notYet = await doctor({ ...kimiAt(`${upstream.url}/v1`), EXAI_STORE: `sqlite:${fresh}` });
    expect(notYet.code).toBe(0);
    expect(notYet.check('store')).toMatchObject({
      status: 'ok',
      detail: expect.stringContaining('created on first use'),
    });
  });

  it('opens an existing SQLite store and reports it answering', async () => {
    const path = join(directory, 'existing.db');
    let output = '';
    const migrated = await runCli({
      argv: ['--store', `sqlite:${path}`, 'migrate', 'up'],
      env: { HOME: directory, XDG_CONFIG_HOME: join(directory, 'config') },
      cwd: directory,
      stdout: { write: (text: string) => (output += text) },
      stderr: { write: (text: string) => (output += text) },
    });
    expect(migrated).toBe(0);
    const result = await doctor({ ...kimiAt(`${upstream.url}/v1`), EXAI_STORE: `sqlite:${path}` });
    expect(result.check('store')).toMatchObject({ status: 'ok', detail: expect.stringContaining('answers') });
  });

  it('turns an invalid configuration into a failed check, not a crash', async () => {
    const result = await doctor({
      ...kimiAt(`${upstream.url}/v1`),
      EXAI_CONFIG: '{"providers": {"kimi": {"baseURL": 42}}}',
    });
    expect(result.code).toBe(1);
    expect(result.check('config')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('EXAI_CONFIG'),
    });
    expect(result.check('store')?.status).toBe('ok');
    expect(result.check('tools')?.status).toBe('ok');
  });

  it('reports where a malformed config breaks, without quoting any of it', async () => {
    const path = join(directory, 'unquoted-key', 'exai.config.json');
    mkdirSync(join(directory, 'unquoted-key'), { recursive: true });
    writeFileSync(path, '{\n  "providers": {\n    "kimi": { "apiKey": sk-SECRET-123 }\n  }\n}\n');
    for (const argv of [['doctor', '--json'], ['doctor']]) {
      let output = '';
      const code = await runCli({
        argv,
        env: { HOME: directory, NO_COLOR: '1', EXAI_STORE: 'memory', EXAI_CONFIG: path },
        cwd: directory,
        stdout: { write: (text: string) => (output += text) },
        stderr: { write: (text: string) => (output += text) },
      });
      expect(code).toBe(1);
      expect(output).toContain('not valid JSON at line 3, column 25');
      expect(output).not.toContain('SECRET');
    }
  });

  it('fails for an allowed root that does not exist, and for a bad tool selection', async () => {
    const missing = join(directory, 'no-such-root');
    const result = await doctor({
      ...kimiAt(`${upstream.url}/v1`),
      EXAI_ALLOWED_ROOTS: `${directory}:${missing}`,
      EXAI_TOOLS_ENABLED: 'no-such-tool',
    });
    expect(result.code).toBe(1);
    expect(result.check('allowed roots')).toMatchObject({
      status: 'fail',
      detail: `${missing} does not exist`,
      fix: expect.stringContaining('EXAI_ALLOWED_ROOTS'),
    });
    expect(result.check('tools')).toMatchObject({
      status: 'fail',
      detail: expect.stringContaining('no-such-tool'),
    });
  });
});
