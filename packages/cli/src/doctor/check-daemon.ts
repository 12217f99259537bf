import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CliUsageError } from '../output/cli-error.js';
import type { DoctorCheck } from './doctor-check.js';

export interface CheckDaemonOptions {
  /** The daemon: its base URL or its MCP endpoint (`…/mcp`, whose last segment is dropped). */
  url: URL;
  /** Sent with both probes (`--header`, `EXAI_API_KEY`), for a proxy that wants them. */
  headers: Record<string, string>;
  /** A fetch trusting `--ca`; default the global one. */
  fetch?: FetchLike;
  timeoutInMs?: number;
}

interface ProbeAnswer {
  status: number;
  body: Record<string, unknown>;
}

/** Parses `--url`: an absolute http(s) URL of the daemon (its base or its MCP endpoint), no credentials. */
export function parseDoctorUrl(value: string): URL {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    throw new CliUsageError(
      `--url must be the http:// or https:// URL of an exai serve --http daemon (for example ` +
        `http://127.0.0.1:8765/mcp), got "${value}".`,
    );
  if (url.username !== '' || url.password !== '')
    throw new CliUsageError(
      '--url must not carry a user name or password; send a key with EXAI_API_KEY or --header instead.',
    );
  return url;
}

/** The URL of `probe` (`livez`, `readyz`) beside the daemon's MCP endpoint. */
export function probeUrl(url: URL, probe: string): URL {
  const base = new URL(url.href);
  base.search = '';
  base.hash = '';
  base.pathname = base.pathname.replace(/\/mcp\/?$/, '/').replace(/\/?$/, '/');
  return new URL(probe, base);
}

/** The reason a request never got an answer, as a person reads it (`ECONNREFUSED`, a TLS code, …). */
function failureReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && error.name === 'TimeoutError') return 'no answer in time';
  return cause?.message ?? (error instanceof Error ? error.message : String(error));
}

async function probe(
  { url, headers, fetch = globalThis.fetch as FetchLike, timeoutInMs = 5_000 }: CheckDaemonOptions,
  name: string,
): Promise<ProbeAnswer> {
  const response = await fetch(probeUrl(url, name), {
    headers: { ...headers, accept: 'application/json' },
    signal: AbortSignal.timeout(timeoutInMs),
  });
  const text = await response.text();
  let body: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON: not an exai daemon (or a proxy's error page); the status says enough.
  }
  return { status: response.status, body };
}

function readyCheck({ status, body }: ProbeAnswer): DoctorCheck {
  if (status === 200 && body.status === 'ready')
    return { name: 'ready', status: 'ok', detail: '/readyz: ready (store reachable, not draining)' };
  if (body.status === 'draining')
    return {
      name: 'ready',
      status: 'fail',
      detail: '/readyz: draining (the daemon is stopping and takes no new calls)',
      fix: 'wait for the restart to finish, or start the daemon again',
    };
  if (body.status === 'unavailable') {
    const reason = typeof body.reason === 'string' ? body.reason : 'unavailable';
    return {
      name: 'ready',
      status: 'fail',
      detail: `/readyz: not ready (${reason})`,
      fix: /\bRedis\b/.test(reason)
        ? "check the daemon's EXAI_REDIS_URL Redis is running and reachable from it (or set " +
          'EXAI_LIMITS_ON_REDIS_UNAVAILABLE=local to count limits per replica meanwhile)'
        : "check the daemon's --store / EXAI_STORE database is running and reachable from it",
    };
  }
  return {
    name: 'ready',
    status: 'fail',
    detail: `/readyz answered HTTP ${status}, not {"status":"ready"}`,
    fix: 'check that the URL points at an exai serve --http daemon (and any proxy in front passes /readyz)',
  };
}

const namesIn = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((name): name is string => typeof name === 'string') : [];

/**
 * `/readyz`'s `config` check (a daemon of this version reports it): the providers with a key, and
 * a warning when there are none (a keyless local provider is listed as well, it may not run).
 */
function configCheck({ status, body }: ProbeAnswer): DoctorCheck | undefined {
  const checks = body.checks as
    { config?: { status?: unknown; providers?: unknown; keyless?: unknown } } | undefined;
  const config = checks?.config;
  if (status !== 200 || config?.status !== 'loaded') return undefined;
  const providers = namesIn(config.providers);
  const keyless = namesIn(config.keyless);
  const alsoKeyless = keyless.length > 0 ? `; needing no key: ${keyless.join(', ')}` : '';
  if (providers.length === 0)
    return {
      name: 'config',
      status: 'warn',
      detail: `/readyz: config loaded, but no provider has an API key${alsoKeyless}`,
      fix: "set a provider's key (e.g. KIMI_API_KEY) in the daemon's environment and restart it",
    };
  return {
    name: 'config',
    status: 'ok',
    detail: `/readyz: config loaded, providers with a key: ${providers.join(', ')}${alsoKeyless}`,
  };
}

/**
 * `/readyz`'s `limits` check, when the daemon counts tenant limits in Redis: `ok` while Redis
 * answers, a warning while it does not and the limits are counted per replica meanwhile
 * (`EXAI_LIMITS_ON_REDIS_UNAVAILABLE=local`): ready, but a limit may pass once per replica. (A
 * daemon whose limits fail closed is not ready at all: `readyCheck` says so.)
 */
function limitsCheck({ status, body }: ProbeAnswer): DoctorCheck | undefined {
  const checks = body.checks as { limits?: { counters?: unknown; status?: unknown } } | undefined;
  const limits = checks?.limits;
  if (status !== 200 || limits?.counters !== 'redis') return undefined;
  if (limits.status === 'degraded')
    return {
      name: 'limits',
      status: 'warn',
      detail:
        '/readyz: the tenant limits cannot reach Redis and are counted per replica meanwhile, so a ' +
        'limit may pass once per replica',
      fix: "check the daemon's EXAI_REDIS_URL Redis is running and reachable from it; the replicas share their counters again once it answers",
    };
  if (limits.status === 'ok')
    return {
      name: 'limits',
      status: 'ok',
      detail: '/readyz: tenant limits counted in Redis (shared by the replicas)',
    };
  return undefined;
}

/**
 * `exai doctor --url`: asks a running daemon's `/livez` (process up) and `/readyz` (store
 * reachable, not draining, whether Redis-backed limits are shared or counted per replica, and the
 * providers its configuration can use). A daemon that cannot be reached is one failed check naming why.
 */
export async function checkDaemon(options: CheckDaemonOptions): Promise<DoctorCheck[]> {
  const where = probeUrl(options.url, '').href.replace(/\/$/, '');
  let live: ProbeAnswer;
  try {
    live = await probe(options, 'livez');
  } catch (error) {
    return [
      {
        name: 'daemon',
        status: 'fail',
        detail: `cannot reach ${where} (${failureReason(error)})`,
        fix: 'check the URL and that exai serve --http runs there; for https with its own certificate pass --ca FILE',
      },
    ];
  }
  const liveCheck: DoctorCheck =
    live.status === 200 && live.body.status === 'ok'
      ? { name: 'daemon', status: 'ok', detail: `${where} is up (/livez)` }
      : {
          name: 'daemon',
          status: 'fail',
          detail: `${where}/livez answered HTTP ${live.status}, not {"status":"ok"}`,
          fix: 'check that the URL points at an exai serve --http daemon',
        };
  try {
    const ready = await probe(options, 'readyz');
    const more = [limitsCheck(ready), configCheck(ready)].filter((check) => check !== undefined);
    return [liveCheck, readyCheck(ready), ...more];
  } catch (error) {
    const detail = `/readyz did not answer (${failureReason(error)})`;
    return [liveCheck, { name: 'ready', status: 'fail', detail, fix: 'run exai doctor --url again' }];
  }
}
