import { createExaiServer } from '@exai/mcp';
import { createExaiMetrics, serveHttp } from '@exai/server';
import { openServeRuntime } from '../runtime/open-serve-runtime.js';
import { CLI_VERSION } from '../version.js';
import type { CliContext } from './cli-context.js';
import { mapListenError } from './listen-error.js';
import { parseNumberFlag } from './parse-number.js';
import { resolveServeAuth } from './serve-auth-settings.js';
import { describeServeHostWarning } from './serve-host-warning.js';
import type { ServeCommandOptions } from './serve-command.js';

function listFlag(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}

/**
 * Runs `exai serve --http` until SIGTERM/SIGINT: the MCP server over Streamable HTTP on
 * `--host`/`--port`. Logs, including the start-up line with the URL, go to stderr.
 */
export async function runServeHttp(context: CliContext, options: ServeCommandOptions = {}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  const port = parseNumberFlag('--port', options.port ?? '8765', { min: 0, max: 65_535, integer: true });
  const sessionIdleTtlInMs =
    parseNumberFlag('--session-ttl', options.sessionTtl ?? '1800', { min: 1, integer: true }) * 1000;
  const maxSessions = parseNumberFlag('--max-sessions', options.maxSessions ?? '1000', {
    min: 1,
    integer: true,
  });
  const allowedHosts = listFlag(options.allowedHosts);
  const allowedOrigins = listFlag(options.allowedOrigins);

  const serve = await openServeRuntime(context, {
    ...(options.profile !== undefined && { profile: options.profile }),
  });
  const { log } = serve;
  // `/metrics`: on unless `metrics.enabled` is false; guarded like the API unless `metrics.public`.
  const metricsSettings = serve.config.metrics;
  const metrics = metricsSettings?.enabled === false ? undefined : createExaiMetrics();
  let serving;
  let notices: string[];
  try {
    const settings = await resolveServeAuth({
      flags: options,
      host,
      env: context.env,
      config: (await context.runtime()).config.auth,
      store: serve.runtime.store,
      log,
    });
    notices = settings.notices;
    serving = await serveHttp({
      createServer: () => createExaiServer(serve.runtime, { tools: serve.tools }),
      host,
      port,
      stateless: options.stateless === true,
      sessionIdleTtlInMs,
      maxSessions,
      ...(allowedHosts !== undefined && { allowedHosts }),
      ...(allowedOrigins !== undefined && { allowedOrigins }),
      ...(settings.auth !== undefined && { auth: settings.auth }),
      ...(settings.tls !== undefined && { tls: settings.tls }),
      ...(serve.runtime.tenantId !== undefined && { localTenantId: serve.runtime.tenantId }),
      ...(metrics !== undefined && { metrics: { metrics, public: metricsSettings?.public === true } }),
      logger: log,
    });
  } catch (error) {
    metrics?.close();
    await serve.close();
    throw mapListenError(error, { host, port });
  }
  const warning = describeServeHostWarning({ host, allowedHosts });
  if (warning !== undefined) log(warning);
  for (const notice of notices) log(notice);
  // On every interface, the banner says so and gives the local address as the one to connect to.
  const wildcard = host === '0.0.0.0' || host === '::';
  const listening = wildcard
    ? `${serving.url.replace('127.0.0.1', host === '::' ? '[::]' : host)} (every interface; from this machine: ${serving.url})`
    : serving.url;
  log(
    `exai ${CLI_VERSION}: MCP server on ${listening} (${options.stateless === true ? 'stateless' : 'sessions'}, ` +
      `store: ${serve.storeDescription}, tools: ${serve.runtime.toolProfile}, ${serve.tools.length} tools)`,
  );

  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  process.off('SIGTERM', onSignal);
  process.off('SIGINT', onSignal);
  log(`exai: ${signal} received, stopping`);
  await serving.close();
  metrics?.close();
  await serve.close();
  log('exai: MCP server stopped');
}
