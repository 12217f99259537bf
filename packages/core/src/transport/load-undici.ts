import { createRequire } from 'node:module';
import type * as UndiciModule from 'undici';

/** The undici module: its root import costs 100–150 ms, so it is loaded when the first request needs it. */
export type Undici = typeof UndiciModule;

let loading: Promise<Undici> | undefined;
let loadingAgent: Promise<typeof UndiciModule.Agent> | undefined;

/** Loads undici once; every later call returns the same promise. */
export function loadUndici(): Promise<Undici> {
  loading ??= import('undici');
  return loading;
}

/**
 * undici's `Agent` with the request API, without the rest of the package. The root module loads
 * every dispatcher, the fetch implementation, WebSocket, the caches and the mocks (about 150 ms
 * on these machines); the keep-alive pool needs only the agent and the API mixin (about 40 ms),
 * which is what a one-shot `exai chat` pays on its one request. The two modules are wired exactly
 * as undici's root does it (`Object.assign(Dispatcher.prototype, api)`). Should a future undici
 * move them, the root module is loaded instead.
 */
export function loadUndiciAgent(): Promise<typeof UndiciModule.Agent> {
  loadingAgent ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const Dispatcher = require('undici/lib/dispatcher/dispatcher.js') as new () => object;
      const api = require('undici/lib/api/index.js') as object;
      const Agent = require('undici/lib/dispatcher/agent.js') as typeof UndiciModule.Agent;
      if (typeof Agent !== 'function' || !(Agent.prototype instanceof Dispatcher)) {
        throw new Error('undici changed its layout');
      }
      Object.assign(Dispatcher.prototype, api);
      return Agent;
    } catch {
      return (await loadUndici()).Agent;
    }
  })();
  return loadingAgent;
}
