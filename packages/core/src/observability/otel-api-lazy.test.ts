import { describe, expect, it } from 'vitest';
import { coreIndexUrl as indexUrl, runFreshModule as runFresh } from '../test-support/run-fresh-module.js';

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
