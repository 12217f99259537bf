import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerWithin, NoAnswerInTimeError } from '../deadline/answer-within.js';
import type { LimitsReadiness } from '../limits/limit-counters.js';
import type { DrainGate } from './drain-gate.js';
import { sendJson } from './json-rpc-error.js';

/** What `checkReady` reports when the daemon is ready, shown under `checks` by `/readyz`. */
export interface ReadyDetails {
  /** E.g. `reachable`. */
  store?: string;
  /**
   * How the configuration resolved: `loaded` (a daemon starts only once its configuration is
   * valid), the providers with an API key set and those that need none (local models), names only.
   */
  config?: { status: 'loaded'; providers: readonly string[]; keyless: readonly string[] };
  /**
   * Whether the tenant limits can count (`TenantLimits.readiness`): `unavailable` (Redis does not
   * answer and the limits fail closed, so every call would be refused) makes `/readyz` answer 503;
   * `degraded` (counted per replica meanwhile) is reported and stays ready.
   */
  limits?: LimitsReadiness;
}

/** What `/readyz` says while the tenant limits cannot reach Redis and fail closed (no host names). */
export const LIMITS_UNAVAILABLE_REASON = 'the tenant limits cannot reach Redis and fail closed';

export type CheckReady = () => Promise<ReadyDetails | void>;

/**
 * How long `/readyz` waits for `checkReady`: a store whose connection went silent (a stalled
 * network, a frozen proxy) would otherwise hold the probe for its query timeout and retries, tens
 * of seconds, long after a balancer's probe (Kubernetes: 1 s by default, 2 s in deploy/k8s) gave
 * up. Its checks answer in milliseconds when the store is there.
 */
export const READY_CHECK_TIMEOUT_IN_MS = 1_500;

/** What `/readyz` says when its checks did not answer within `READY_CHECK_TIMEOUT_IN_MS`. */
export const STORE_TOO_SLOW_REASON = 'the store did not answer in time';

/**
 * `GET /livez` and `GET /readyz` for orchestrators (Kubernetes liveness and readiness probes).
 * `/livez` answers 200 while the process serves HTTP at all. `/readyz` answers 200 when the daemon
 * takes new calls — not draining and, when `checkReady` is given, the store reachable and the
 * limits able to admit calls — with the checks it made (`checkReady`'s details, e.g. how the
 * configuration resolved), and 503 with the reason otherwise, so a balancer stops sending it work.
 * Returns whether it answered.
 */
export async function answerHealthProbe(
  request: IncomingMessage,
  response: ServerResponse,
  {
    pathname,
    drain,
    checkReady,
    readyCheckTimeoutInMs = READY_CHECK_TIMEOUT_IN_MS,
  }: { pathname: string; drain: DrainGate; checkReady?: CheckReady; readyCheckTimeoutInMs?: number },
): Promise<boolean> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  if (pathname === '/livez') {
    sendJson(response, 200, { status: 'ok' });
    return true;
  }
  if (pathname !== '/readyz') return false;
  if (drain.isDraining()) {
    sendJson(response, 503, { status: 'draining' });
    return true;
  }
  let details: ReadyDetails | void;
  try {
    details = checkReady === undefined ? undefined : await answerWithin(checkReady(), readyCheckTimeoutInMs);
  } catch (error) {
    // The store's own message may name hosts: an unauthenticated probe gets the fact only.
    const reason = error instanceof NoAnswerInTimeError ? STORE_TOO_SLOW_REASON : 'the store is unreachable';
    sendJson(response, 503, { status: 'unavailable', reason });
    return true;
  }
  if (details?.limits?.status === 'unavailable') {
    sendJson(response, 503, { status: 'unavailable', reason: LIMITS_UNAVAILABLE_REASON });
    return true;
  }
  const checks = { ...details, draining: false };
  sendJson(response, 200, { status: 'ready', checks });
  return true;
}
