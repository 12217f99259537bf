import type { DrainGate } from './drain-gate.js';
import type { CheckReady } from './health-probes.js';
import type { HttpMiddleware } from './http-middleware.js';
import { answerHealthProbe } from './health-probes.js';

/** `GET /livez` and `/readyz` for orchestrators, answered before any other check. */
export function createHealthProbesMiddleware({
  drain,
  checkReady,
}: {
  drain: DrainGate;
  checkReady?: CheckReady;
}): HttpMiddleware {
  return async function healthProbes(context, next) {
    const probe = { pathname: context.pathname, drain, ...(checkReady && { checkReady }) };
    if (await answerHealthProbe(context.request, context.response, probe)) return;
    await next();
  };
}

/**
 * While the daemon drains, a POST that starts new work is refused (503 with `Retry-After`);
 * every POST let through is counted until its response closes, so shutdown can wait for it.
 */
export function createDrainMiddleware(drain: DrainGate): HttpMiddleware {
  return async function drainGate(context, next) {
    if (context.request.method === 'POST') {
      if (drain.refuse(context.response, context.body)) return;
      drain.track(context.response);
    }
    await next();
  };
}
