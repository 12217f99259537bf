import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const coreDist = new URL('../../dist/index.js', import.meta.url);

/** A resolve hook that refuses opossum and p-retry, so a static import of either fails loudly. */
const refuseHook = `data:text/javascript,${encodeURIComponent(
  'export async function resolve(specifier, context, next) {' +
    ' if (specifier === "opossum" || specifier === "p-retry") throw new Error("refused " + specifier);' +
    ' return next(specifier, context); }',
)}`;

describe('loading opossum and p-retry', () => {
  it('does not happen when @exai/core is imported, only on first use', () => {
    if (!existsSync(coreDist))
      throw new Error(`${fileURLToPath(coreDist)} is missing: run \`npm run build\` first.`);
    const script = [
      "import { register } from 'node:module';",
      `register(${JSON.stringify(refuseHook)});`,
      `const core = await import(${JSON.stringify(coreDist.href)});`,
      'const transport = core.createHttpTransport();',
      'await transport.close();',
      "const probe = await import('p-retry').then(() => 'loaded', (error) => error.message);",
      'console.log(typeof core.createHttpTransport, probe);',
    ].join('\n');
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
      encoding: 'utf8',
    });
    expect(child.stderr).toBe('');
    expect(child.stdout.trim()).toBe('function refused p-retry');
  });
});
