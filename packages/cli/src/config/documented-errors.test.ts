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

async function exai(argv: string[]) {
  let stderr = '';
  const code = await runCli({
    argv,
    env: { HOME: directory, NO_COLOR: '1' },
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
    expect(readme).toContain('`exai: unexpected_error: <message>`');
  });
});
