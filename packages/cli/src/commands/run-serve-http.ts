import { createExaiServer, createInFlightCalls, runningToolTasksOf } from '@exai/mcp';
import { createDaemonDashboard, createExaiMetrics, openCancelRegistry, serveHttp } from '@exai/server';
import { configReadiness } from '../runtime/config-readiness.js';
import { openServeRuntime } from '../runtime/open-serve-runtime.js';
import { loadRedisSettings } from '../runtime/redis-settings.js';
import { openServeLimits, type ServeLimits } from '../runtime/serve-limits.js';
import { openResumableEvents, type OpenedResumableEvents } from '../serve/open-resumable-events.js';
import { CLI_VERSION } from '../version.js';
import type { CliContext } from './cli-context.js';
import { drainHttpServer } from './drain-http-server.js';
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
 * `--host`/`--port`. Logs, including the start-up line with the URL, go to stderr. On the signal
 * it drains (see `drainHttpServer`), closes the store and returns, so the process exits 0.
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
  const drainTimeoutInMs =
    parseNumberFlag('--drain-timeout', options.drainTimeout ?? '30', { min: 0 }) * 1000;
  const allowedHosts = listFlag(options.allowedHosts);
  const allowedOrigins = listFlag(options.allowedOrigins);

  const serve = await openServeRuntime(context, {
    ...(options.profile !== undefined && { profile: options.profile }),
  });
  const { log } = serve;
  const calls = createInFlightCalls();
  serve.runtime.inFlightCalls = calls;
  const stateless = options.stateless === true;
  // EXAI_REDIS_URL and EXAI_REDIS_KEY_PREFIX, for everything this daemon shares through Redis.
  const redis = loadRedisSettings(context.env);
  // Stateless replicas share cancels through Redis when EXAI_REDIS_URL is set.
  const cancels = stateless ? await openCancelRegistry({ redis, log }) : undefined;
  // `/metrics`: on unless `metrics.enabled` is false; guarded like the API unless `metrics.public`.
  const metricsSettings = serve.config.metrics;
  const metrics = metricsSettings?.enabled === false ? undefined : createExaiMetrics();
  // `/dashboard`: a static page; its data goes through the same checks and authentication as the API.
  // Off with `dashboard.enabled: false`: no route, and no samples kept for it.
  const dashboard =
    serve.config.dashboard?.enabled === false
      ? undefined
      : createDaemonDashboard({
          store: serve.runtime.store,
          ...(serve.runtime.tenantId !== undefined && { localTenantId: serve.runtime.tenantId }),
        });
  let serving;
  let limits: ServeLimits | undefined;
  let resumable: OpenedResumableEvents | undefined;
  let notices: string[];
  let tls = false;
  try {
    // Tenant limits: per model call through the runtime, requests per minute in the HTTP chain.
    limits = await openServeLimits({ config: (await context.runtime()).config, env: context.env, log });
    if (limits !== undefined) serve.runtime.callLimits = limits.limits;
    const settings = await resolveServeAuth({
      flags: options,
      host,
      env: context.env,
      config: (await context.runtime()).config.auth,
      store: serve.runtime.store,
      log,
    });
    notices = settings.notices;
    if (!stateless) resumable = await openResumableEvents({ redis, store: serve.runtime.store, log });
    tls = settings.tls !== undefined;
    serving = await serveHttp({
      ...(limits !== undefined && { limits: limits.middleware }),
      ...(resumable !== undefined && { resumableEvents: resumable.events }),
      createServer: () => createExaiServer(serve.runtime, { tools: serve.tools }),
      host,
      port,
      stateless,
      ...(cancels !== undefined && { cancelRegistry: cancels.registry }),
      // Not ready while the store does not answer, nor while limits that fail closed cannot reach Redis.
      checkReady: async () => {
        // Side by side: `/readyz` answers within a bound (READY_CHECK_TIMEOUT_IN_MS), and each
        // check waits for an answer of its own.
        const [, limitsReadiness] = await Promise.all([
          serve.runtime.store.ping(),
          limits?.limits.readiness(),
        ]);
        return {
          store: 'reachable',
          config: configReadiness(serve.runtime.providers ?? []),
          ...(limitsReadiness !== undefined && { limits: limitsReadiness }),
        };
      },
      sessionIdleTtlInMs,
      maxSessions,
      ...(allowedHosts !== undefined && { allowedHosts }),
      ...(allowedOrigins !== undefined && { allowedOrigins }),
      ...(settings.auth !== undefined && { auth: settings.auth }),
      ...(settings.tls !== undefined && { tls: settings.tls }),
      ...(serve.runtime.tenantId !== undefined && { localTenantId: serve.runtime.tenantId }),
      ...(metrics !== undefined && { metrics: { metrics, public: metricsSettings?.public === true } }),
      ...(dashboard !== undefined && { dashboard }),
      logger: log,
    });
  } catch (error) {
    await limits?.close();
    await cancels?.close();
    await resumable?.close();
    metrics?.close();
    dashboard?.close();
    await serve.close();
    throw mapListenError(error, { host, port });
  }
  const warning = describeServeHostWarning({ host, allowedHosts, tls });
  if (warning !== undefined) log(warning);
  for (const notice of notices) log(notice);
  // On every interface, the banner says so and gives the local address as the one to connect to.
  const wildcard = host === '0.0.0.0' || host === '::';
  const listening = wildcard
    ? `${serving.url.replace('127.0.0.1', host === '::' ? '[::]' : host)} (every interface; from this machine: ${serving.url})`
    : serving.url;
  log(
    `exai ${CLI_VERSION}: MCP server on ${listening} (${stateless ? 'stateless' : 'sessions'}, ` +
      `store: ${serve.storeDescription}, tools: ${serve.runtime.toolProfile}, ${serve.tools.length} tools` +
      `${limits === undefined ? '' : `, ${limits.description}`}` +
      `${cancels === undefined ? '' : `, cancels: ${cancels.description}`}` +
      `${resumable === undefined ? '' : `, resumable streams: ${resumable.description}`})`,
  );

  if (dashboard !== undefined)
    log(`exai: dashboard on ${new URL('/dashboard', serving.url).href} (same credentials as the API)`);

  const signal = await nextSignal().promise;
  log(`exai: ${signal} received: draining (new requests get 503, /readyz says draining)`);
  const again = nextSignal();
  try {
    await drainHttpServer({ serving, calls, drainTimeoutInMs, log, hurry: again.promise.then(() => {}) });
  } finally {
    again.stop();
  }
  await runningToolTasksOf(serve.runtime).stopAll(
    'The server stopped while the task ran; start the call again.',
  );
  await cancels?.close();
  await limits?.close();
  await resumable?.close();
  metrics?.close();
  dashboard?.close();
  await serve.close();
  log('exai: MCP server stopped');
}

/** The next SIGTERM or SIGINT; `stop()` stops listening. */
function nextSignal(): { promise: Promise<NodeJS.Signals>; stop(): void } {
  let onSignal: (signal: NodeJS.Signals) => void = () => {};
  const stop = () => {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  };
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = (signal) => {
      stop();
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
  return { promise, stop };
}
