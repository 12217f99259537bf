import type { DrainGate } from './drain-gate.js';
import type { CheckReady } from './health-probes.js';
import type { HttpContext, HttpMiddleware } from './http-middleware.js';
import { answerHealthProbe } from './health-probes.js';

/** `GET /livez` and `/readyz` for orchestrators, answered before any other check. */
export function createHealthProbesMiddleware({
  drain,
  checkReady,
}: {
  drain: DrainGate;
  checkReady?: CheckReady;
}): HttpMiddleware {
  async function answerOrPass(context: HttpContext, next: () => Promise<void>): Promise<void> {
    const probe = { pathname: context.pathname, drain, ...(checkReady && { checkReady }) };
    if (await answerHealthProbe(context.request, context.response, probe)) return;
    await next();
  }
  // Not async: a request for anything but a probe goes on without a promise of its own.
  return function healthProbes(context, next) {
    if (context.pathname !== '/livez' && context.pathname !== '/readyz') return next();
    return answerOrPass(context, next);
  };
}

/**
 * While the daemon drains, a POST that starts new work is refused (503 with `Retry-After`);
 * every POST let through is counted until its response closes, so shutdown can wait for it.
 */
export function createDrainMiddleware(drain: DrainGate): HttpMiddleware {
  return function drainGate(context, next) {
    if (context.request.method === 'POST') {
      if (drain.refuse(context.response, context.body)) return Promise.resolve();
      drain.track(context.response);
    }
    return next();
  };
}
