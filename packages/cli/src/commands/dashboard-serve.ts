import { describeStoreSpec, openSessionStore } from '@exai/storage';
import { createStoreDashboard, isLoopbackHost, serveDashboard } from '@exai/server';
import { CliUsageError } from '../output/cli-error.js';
import { resolveStoreSource, resolveStoreSpec } from '../runtime/resolve-store-spec.js';
import type { CliContext } from './cli-context.js';
import type { DashboardCommandOptions } from './dashboard-command.js';
import { mapListenError } from './listen-error.js';
import { parseNumberFlag } from './parse-number.js';

/** Resolves on the next SIGTERM or SIGINT. */
function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

/**
 * Runs `exai dashboard` until SIGTERM/SIGINT: reads the store (`--store`/`EXAI_STORE`, else the
 * SQLite file in the data directory) and serves the dashboard page on `--host`/`--port`. The
 * address goes to stdout, with a fresh token after `#` unless `--no-auth`.
 */
export async function runDashboard(context: CliContext, options: DashboardCommandOptions): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const port = parseNumberFlag('--port', options.port ?? '8766', { min: 0, max: 65_535, integer: true });
  if (options.auth === false && !isLoopbackHost(host))
    throw new CliUsageError(
      `--no-auth is allowed only on a loopback host (127.0.0.1, ::1, localhost), not ${host}; drop --no-auth to get a token.`,
    );
  const spec = resolveStoreSpec(context);
  const store = await openSessionStore(spec, { source: resolveStoreSource(context) });
  const dashboard = createStoreDashboard({ store });
  const log = (line: string) => context.stderr.write(`${line}\n`);
  let serving;
  try {
    serving = await serveDashboard({
      dashboard,
      host,
      port,
      ...(options.auth === false && { token: false as const }),
      logger: log,
    });
  } catch (error) {
    dashboard.close();
    await store.close();
    throw mapListenError(error, { host, port });
  }
  context.stdout.write(`exai dashboard: ${serving.url}\n`);
  log(
    `exai: the dashboard reads ${describeStoreSpec(spec)}; in-flight calls, queues and breakers show only ` +
      'on a daemon (exai serve --http, then /dashboard). Ctrl-C stops it.',
  );
  await nextSignal();
  await serving.close();
  dashboard.close();
  await store.close();
}
