import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

const home = mkdtempSync(join(tmpdir(), 'exai-no-keys-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

async function chat(env: Record<string, string>, model: string[] = []) {
  let stderr = '';
  const code = await runCli({
    argv: ['chat', ...model, 'hi'],
    env: { HOME: home, NO_COLOR: '1', ...env },
    cwd: home,
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stderr };
}

describe('exai chat without any API key', () => {
  it('says no provider has a key and which variables to set, exit 1', async () => {
    const result = await chat({});
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^exai: missing_api_key: No provider has an API key/);
    expect(result.stderr).toContain('KIMI_API_KEY');
    expect(result.stderr).toContain('OPENAI_API_KEY (openai)');
    expect(result.stderr).toContain('`apiKeyEnv` in exai.config.json');
    expect(result.stderr).not.toContain('no_such_model');
  });

  it('names the variables and apiKeyEnv, not the library option, for a named model', async () => {
    const result = await chat({}, ['-m', 'kimi-k2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      'exai: missing_api_key: No API key for provider kimi. Set the environment variable KIMI_API_KEY or ' +
        'MOONSHOT_API_KEY, or name the variable that holds it with `apiKeyEnv` for kimi in exai.config.json.\n',
    );
  });
});

describe('exai chat with a base URL variable that has no scheme', () => {
  it('names the variable, its value and the fix in the exai: <code>: form, exit 2', async () => {
    const result = await chat({ KIMI_API_KEY: 'k', KIMI_BASE_URL: 'localhost:1234/v1' }, ['-m', 'kimi-k2']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'exai: invalid_config: Invalid configuration in KIMI_BASE_URL:\n' +
        '  - KIMI_BASE_URL is "localhost:1234/v1", which has no scheme; write the full URL, such as http://localhost:1234/v1.\n',
    );
  });
});

describe('exai chat with a misspelled defaultModel in the config file', () => {
  it('says the model came from that file and key', async () => {
    const file = join(home, 'misspelled.json');
    writeFileSync(file, JSON.stringify({ defaultModel: 'kimi-k3' }));
    const result = await chat({
      KIMI_API_KEY: 'k',
      KIMI_BASE_URL: 'http://127.0.0.1:9/v1',
      EXAI_CONFIG: file,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^exai: no_such_model: Unknown model "kimi-k3"\./);
    expect(result.stderr).toContain(`The model "kimi-k3" comes from defaultModel in ${file}: fix it there`);
  });
});
