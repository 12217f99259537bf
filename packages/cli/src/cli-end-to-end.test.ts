import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let upstream: FakeUpstream;
let home: string;

/** Runs the built `exai` binary with a clean environment (no real keys, no user config). */
function exai(
  args: string[],
  {
    env = {},
    stdin,
    onSpawn,
  }: { env?: Record<string, string>; stdin?: string; onSpawn?: (child: ChildProcess) => void } = {},
) {
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: home,
      env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
    onSpawn?.(child);
  });
}

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  home = mkdtempSync(join(tmpdir(), 'exai-cli-'));
});
afterAll(async () => {
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

const kimiEnv = () => ({ KIMI_API_KEY: 'test-key', KIMI_BASE_URL: `${upstream.url}/v1` });

describe('exai (built binary)', () => {
  it('prints its version', async () => {
    const result = await exai(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('streams a chat answer to stdout, reasoning and usage to stderr', async () => {
    upstream.enqueue({ reply: { text: 'The answer is 42.', reasoning: 'Thinking it over.', chunks: 4 } });
    const result = await exai(
      ['chat', '--model', 'kimi-k2', '--system', 'Be brief.', '--temperature', '0.3', 'What', 'is', 'it?'],
      {
        env: kimiEnv(),
      },
    );
    expect(result.stderr).toContain('Thinking it over.');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('The answer is 42.\n');
    expect(result.stderr).toMatch(/kimi:kimi-k2-0905-preview · \d+ in \/ \d+ out tokens · \d+\.\d\d s/);
    const body = upstream.requests[0]?.body as Record<string, unknown>;
    expect(body).toMatchObject({
      model: 'kimi-k2-0905-preview',
      stream: true,
      temperature: 0.3,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'What is it?' },
      ],
    });
    expect(upstream.requests[0]?.headers.authorization).toBe('Bearer test-key');
  });

  it('reads the prompt from stdin', async () => {
    const result = await exai(['chat', '-m', 'kimi-k2'], { env: kimiEnv(), stdin: 'piped question\n' });
    expect(result.code).toBe(0);
    expect(upstream.requests[0]?.body).toMatchObject({
      messages: [{ role: 'user', content: 'piped question' }],
    });
  });

  it('fails with a clear message naming the variable when the key is missing', async () => {
    const result = await exai(['chat', '-m', 'kimi-k2', 'hi'], {
      env: { KIMI_BASE_URL: `${upstream.url}/v1` },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('missing_api_key');
    expect(result.stderr).toContain('KIMI_API_KEY');
    expect(result.stdout).toBe('');
    expect(upstream.requests).toHaveLength(0);
  });

  it('fails with a suggestion for an unknown model, before any request', async () => {
    const result = await exai(['chat', '-m', 'kimi-k3', 'hi'], { env: kimiEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no_such_model');
    expect(result.stderr).toContain('Unknown model "kimi-k3"');
    expect(result.stderr).toContain('exai models');
    expect(upstream.requests).toHaveLength(0);
  });

  it('reports an upstream failure with its status and a non-zero exit', async () => {
    upstream.enqueue({
      status: 400,
      body: { error: { message: 'temperature too high', type: 'invalid_request_error' } },
    });
    const result = await exai(['chat', '-m', 'kimi-k2', 'hi'], { env: kimiEnv() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('temperature too high');
  });

  it('rejects a bad flag value naming the flag', async () => {
    const result = await exai(['chat', '-m', 'kimi-k2', '--temperature', 'hot', 'hi'], { env: kimiEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--temperature expects a number');
  });

  it('lists models with --json', async () => {
    const result = await exai(['models', '--json'], { env: { GLM_API_KEY: 'g' } });
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as {
      providers: Array<{ id: string; apiKey: string; models: unknown[] }>;
    };
    const glm = parsed.providers.find((p) => p.id === 'glm');
    expect(glm?.apiKey).toBe('set');
    expect(glm?.models.length).toBeGreaterThan(0);
    expect(result.stdout).not.toContain('"g"');
  });
});

describe('exai chat with auto', () => {
  it('picks a model from a provider that has a key', async () => {
    const result = await exai(['chat', 'hi'], {
      env: { GLM_API_KEY: 'g', GLM_BASE_URL: `${upstream.url}/api/paas/v4` },
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^glm:/m);
    expect(result.stderr).not.toContain('fell back');
    expect(upstream.requests[0]?.path).toBe('/api/paas/v4/chat/completions');
  });
});

describe('exai chat output', () => {
  it('prints what the model could not honour as warnings', async () => {
    const result = await exai(['chat', '-m', 'kimi-k2', '--max-tokens', '999999', '--thinking', 'hi'], {
      env: kimiEnv(),
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('exai: warning:');
    expect(upstream.requests[0]?.body).toMatchObject({ max_tokens: 32_768 });
  });

  it('fails a reasoning-only answer with empty_answer, on its own line after the reasoning', async () => {
    upstream.enqueue({ reply: { text: '', reasoning: 'just thinking' } });
    const result = await exai(['chat', '-m', 'kimi-k2', 'hi'], { env: kimiEnv() });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /just thinking\nexai: empty_answer: kimi:kimi-k2-0905-preview returned an empty answer \(finish reason stop\): it wrote reasoning but no answer text\./,
    );
  });

  it('prints a cut-off answer on stdout and, after the summary, a warning on stderr', async () => {
    upstream.enqueue({ reply: { text: 'Half an answer', finishReason: 'length', chunks: 3 } });
    const result = await exai(['chat', '-m', 'kimi-k2', '--max-tokens', '64', 'hi'], { env: kimiEnv() });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Half an answer\n');
    expect(result.stderr).toMatch(
      /^kimi:kimi-k2-0905-preview · .*\nexai: warning: cut off: the answer stopped at the output limit of 64 tokens, so it is incomplete; for more, run it again with --max-tokens above 64 /m,
    );
  });

  it('exits with 130 on Ctrl-C and closes the upstream request', async () => {
    upstream.enqueue({ delayBeforeHeadersMs: 10_000 });
    const result = await exai(['chat', '-m', 'kimi-k2', 'hi'], {
      env: kimiEnv(),
      onSpawn: (child) => {
        void upstream.waitForRequests(1).then(() => child.kill('SIGINT'));
      },
    });
    expect(result.code).toBe(130);
    await upstream.waitForClientAbort();
  });

  it('warns when a config file in the working directory sends a provider key elsewhere', async () => {
    const project = mkdtempSync(join(tmpdir(), 'exai-project-'));
    writeFileSync(
      join(project, 'exai.config.json'),
      JSON.stringify({ providers: { kimi: { baseURL: `${upstream.url}/v1` } } }),
    );
    const child = await new Promise<RunResult>((resolve, reject) => {
      const process_ = spawn(process.execPath, [bin, 'models'], {
        cwd: project,
        env: { PATH: process.env.PATH ?? '', HOME: home, NO_COLOR: '1', KIMI_API_KEY: 'k' },
      });
      let stdout = '';
      let stderr = '';
      process_.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      process_.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      process_.on('error', reject);
      process_.on('close', (code) => resolve({ code, stdout, stderr }));
    });
    rmSync(project, { recursive: true, force: true });
    expect(child.code).toBe(0);
    expect(child.stderr).toContain('sends kimi requests, with the key from KIMI_API_KEY');
  });
});

describe('exai dev fake-upstream', () => {
  it('explains a port that is in use', async () => {
    const port = new URL(upstream.url).port;
    const result = await exai(['dev', 'fake-upstream', '--port', port]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`port ${port} on 127.0.0.1 is in use`);
  });
});
