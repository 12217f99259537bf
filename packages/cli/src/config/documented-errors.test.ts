import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../program.js';

// The messages docs/configuration.md ("Validation errors") and the README show must be what
// exai really prints.
const configurationDoc = readFileSync(
  fileURLToPath(new URL('../../../../docs/configuration.md', import.meta.url)),
  'utf8',
);
const readme = readFileSync(fileURLToPath(new URL('../../../../README.md', import.meta.url)), 'utf8');
const directory = mkdtempSync(join(tmpdir(), 'exai-documented-errors-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

async function exai(argv: string[], env: Record<string, string> = {}) {
  let stderr = '';
  const code = await runCli({
    argv,
    env: { HOME: directory, NO_COLOR: '1', EXAI_STORE: 'memory', ...env },
    cwd: directory,
    stdin: Object.assign(new PassThrough(), { isTTY: true }),
    stdout: { write: () => true },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stderr };
}

/** The fenced block of `language` that follows `after` in `text`. */
function blockAfter(text: string, after: string, language: string): string {
  const start = text.indexOf(after);
  expect(start, `"${after}" is in the document`).toBeGreaterThanOrEqual(0);
  const fence = text.indexOf(`\`\`\`${language}\n`, start) + language.length + 4;
  return text.slice(fence, text.indexOf('```', fence));
}

describe('documented error messages', () => {
  const section = configurationDoc.slice(configurationDoc.indexOf('## Validation errors'));

  it('the broken file in "Validation errors" prints the documented lines', async () => {
    const file = join(directory, 'bad.json');
    writeFileSync(file, blockAfter(section, 'deliberately', 'json'));
    const expected = blockAfter(section, '`exai -c bad.json models` prints:', 'text');
    const result = await exai(['-c', file, 'models']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(expected.replace('/tmp/exai-demo/bad.json', file));
  });

  it('a blank allow pattern prints the documented line, not raw schema wording', async () => {
    const file = join(directory, 'allow.json');
    writeFileSync(file, JSON.stringify({ allow: [' '] }));
    const expected = blockAfter(section, 'An empty or blank `allow`/`deny` pattern', 'text');
    const result = await exai(['-c', file, 'models']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(expected.replace('/tmp/exai-demo/allow.json', file));
    writeFileSync(file, JSON.stringify({ deny: [''] }));
    expect((await exai(['-c', file, 'models'])).stderr).toContain('deny[0]: an empty pattern;');
  });

  it('a JSON syntax error prints the documented line, without quoting the file', async () => {
    const file = join(directory, 'syntax.json');
    writeFileSync(file, '{"defaultModel": "kimi-k2",}');
    expect(section).toContain('For `{"defaultModel": "kimi-k2",}` (a trailing comma) in `syntax.json`:');
    const expected = blockAfter(section, 'A JSON syntax error is reported', 'text');
    const result = await exai(['-c', file, 'models']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(expected.replace('/tmp/exai-demo/syntax.json', file));
  });

  it('an endpoint name that breaks the naming rule prints the documented line', async () => {
    const file = join(directory, 'endpoints.json');
    writeFileSync(
      file,
      JSON.stringify({
        endpoints: { LM_Studio: { baseURL: 'http://127.0.0.1:1234/v1', requiresApiKey: false } },
      }),
    );
    const expected = blockAfter(section, 'An endpoint name that breaks the naming rule', 'text');
    const result = await exai(['-c', file, 'models']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(expected.replace('/tmp/exai-demo/endpoints.json', file));
  });

  it('every problem of the table found after the schema check prints what the table says', async () => {
    const table = section.slice(section.indexOf('| Problem | Message |'), section.indexOf('From code,'));
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| ') && !line.startsWith('| Problem') && !line.startsWith('| ---'));
    /** The code spans of a row's message cell (single or double backticks), in order. */
    const spans = (row: string) =>
      [...row.slice(row.indexOf(' | ') + 3).matchAll(/``(.+?)``|`([^`]+)`/g)].map(
        (match) => match[1] ?? match[2]!,
      );
    const write = (name: string, config: unknown) => {
      const file = join(directory, name);
      writeFileSync(file, JSON.stringify(config));
      return file;
    };
    const reproductions: Record<string, () => Promise<{ stderr: string; code: number; file?: string }>> = {
      'Timeout above': () =>
        exai([
          '-c',
          write('timeouts.json', { transport: { timeouts: { totalInMs: 3_000_000_000 } } }),
          'models',
        ]),
      'A `defaultModel`': async () => {
        const file = write('models.json', { defaultModel: 'kimi-k3' });
        return { ...(await exai(['-c', file, 'chat', 'hi'], { KIMI_API_KEY: 'k' })), file };
      },
      'A `*_BASE_URL`': () =>
        exai(['chat', '-m', 'kimi-k2', 'hi'], { KIMI_API_KEY: 'k', KIMI_BASE_URL: 'localhost:1234/v1' }),
      'Two `fallbacks`': () =>
        exai([
          '-c',
          write('cases.json', { fallbacks: { a: ['kimi:kimi-k2'], A: ['glm:glm-4.6'] } }),
          'models',
        ]),
    };
    expect(rows).toHaveLength(Object.keys(reproductions).length);
    for (const row of rows) {
      const label = Object.keys(reproductions).find((start) => row.startsWith(`| ${start}`));
      expect(label, `a reproduction for the row ${row}`).toBeDefined();
      const result = await reproductions[label!]!();
      expect(result.code, row).toBe(2);
      for (const span of spans(row)) {
        const expected = result.file ? span.replace('/tmp/exai-demo/models.json', result.file) : span;
        // The table shows one of two case-folded keys; the message names whichever came second.
        expect(result.stderr.replace('key "A"', 'key "a"'), row).toContain(expected.replace(/ …$/, ''));
      }
    }
  });

  it('the duplicate fallbacks key prints the documented message', async () => {
    const file = join(directory, 'fallbacks.json');
    writeFileSync(file, JSON.stringify({ fallbacks: { a: ['kimi:kimi-k2'], A: ['glm:glm-4.6'] } }));
    const result = await exai(['-c', file, 'models']);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'exai: invalid_argument: `fallbacks` has the key "A" twice (keys ignore case).\n',
    );
    expect(section).toContain('`fallbacks` has the key "a" twice (keys ignore case).');
  });

  it("the README's error examples are what exai prints", async () => {
    const unknown = await exai(['models', '--nope']);
    expect(readme).toContain("`exai: invalid_argument: unknown option '--nope'`");
    expect(unknown.stderr.split('\n')[0]).toBe("exai: invalid_argument: unknown option '--nope'");
    // Every command says where its usage is, not only `exai` itself.
    expect(unknown.stderr.split('\n')[1]).toBe('(run exai models --help for usage)');
    // A group named without one of its commands: its help, then the one error line.
    const group = await exai(['threads']);
    expect(group.code).toBe(2);
    expect(group.stderr).toContain('Commands:\n  list');
    expect(group.stderr.trimEnd().split('\n').at(-1)).toBe(
      'exai: invalid_argument: a command is missing: pick one of the commands listed above',
    );
    expect(readme).toContain('`exai: unexpected_error: <message>`');
    // Expired threads stay stored until a sweep: the README says which ones there are.
    expect(readme.replace(/\s+/g, ' ')).toContain(
      'only `exai gc` or the expiry sweep `exai serve` runs (every 10 minutes) deletes them',
    );
  });
});
