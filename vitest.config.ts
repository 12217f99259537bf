import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

const inCi = process.env.CI === 'true';

export default defineConfig({
  resolve: { conditions: ['source', ...defaultServerConditions] },
  // Vitest hands these to Node as `--conditions` too. Without `module`, which only bundlers honour:
  // under it Node's own `require('@opentelemetry/api')` (in prom-client) would load the API's
  // bundler build, whose extensionless imports Node cannot resolve.
  ssr: {
    resolve: { conditions: ['source', ...defaultServerConditions.filter((name) => name !== 'module')] },
  },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'examples/*/src/**/*.test.ts',
      'bench/**/*.test.ts',
      'deploy/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // eventsource-parser (imported by the MCP SDK's HTTP client) publishes TypeScript under the `source`
    // condition above, which Node cannot load; inlined, both are compiled like our own sources instead.
    server: {
      deps: {
        inline: ['eventsource-parser', /@modelcontextprotocol\/sdk\/dist\/esm\/client\/streamableHttp\.js/],
      },
    },
    // In CI a JSON report as well, so `.ci/run` can print one plain "N passed, N failed" line.
    reporters: inCi ? ['default', ['json', { outputFile: '.vitest-report.json' }]] : ['default'],
  },
});
