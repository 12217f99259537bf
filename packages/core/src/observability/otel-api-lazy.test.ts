import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const indexUrl = new URL('../index.ts', import.meta.url).href;

/** Runs a module script in a fresh process (TypeScript through tsx) and returns what it printed. */
async function runFresh(script: string): Promise<string> {
  const cwd = fileURLToPath(new URL('.', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd,
  });
  return stdout.trim();
}

describe('@opentelemetry/api is loaded once a tracer provider is registered', () => {
  it('imports @exai/core and runs a traced store without loading it; a registered provider gets spans', async () => {
    const output = await runFresh(`
      const { createRequire } = await import('node:module');
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).some((key) => key.includes('/@opentelemetry/api/'));
      const { createMemorySessionStore, withStoreTelemetry } = await import(${JSON.stringify(indexUrl)});
      const store = withStoreTelemetry(createMemorySessionStore());
      await store.getTenant('default');
      const before = loaded();
      // What an SDK's register() does: a provider whose tracer records the spans it is asked for.
      const api = require('@opentelemetry/api');
      const names = [];
      const tracer = {
        startSpan(name) {
          names.push(name);
          return api.trace.wrapSpanContext(api.INVALID_SPAN_CONTEXT);
        },
      };
      api.trace.setGlobalTracerProvider({ getTracer: () => tracer });
      await store.getTenant('default');
      console.log(JSON.stringify({ before, names }));
    `);
    expect(JSON.parse(output)).toEqual({ before: false, names: ['getTenant'] });
  }, 30_000);
});
