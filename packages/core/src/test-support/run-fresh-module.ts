import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** `@exai/core`'s source entry point, for a fresh process to import. */
export const coreIndexUrl = new URL('../index.ts', import.meta.url).href;

/**
 * Runs a module script in a fresh Node process (TypeScript through tsx, from this package's
 * folder, so its dependencies resolve) and returns what it printed, trimmed. Tests use it to see
 * which modules importing `@exai/core` loads, which a test's own process cannot show.
 */
export async function runFreshModule(script: string): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  return stdout.trim();
}
