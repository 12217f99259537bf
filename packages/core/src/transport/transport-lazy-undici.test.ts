import { describe, expect, it } from 'vitest';
import { coreIndexUrl as indexUrl, runFreshModule as runFresh } from '../test-support/run-fresh-module.js';

const undiciLoaded = `(await import('node:module')).createRequire(import.meta.url).cache`;

describe('transport: undici is loaded on first use', () => {
  it('imports @exai/core and creates a transport without loading undici; the first request loads its agent only', async () => {
    const output = await runFresh(`
      import { createServer } from 'node:http';
      const loaded = async () => Object.keys(${undiciLoaded}).some((key) => key.includes('/node_modules/undici/'));
      const rootLoaded = async () => Object.keys(${undiciLoaded}).some((key) => key.endsWith('/node_modules/undici/index.js'));
      const { createHttpTransport } = await import(${JSON.stringify(indexUrl)});
      const transport = createHttpTransport();
      const before = await loaded();
      const server = createServer((request, response) => response.end('ok'));
      await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
      const url = 'http://127.0.0.1:' + server.address().port + '/';
      const response = await transport.request({ url, target: { provider: 'p', model: 'm' } });
      console.log(JSON.stringify({ before, after: await loaded(), root: await rootLoaded(), text: response.text() }));
      await transport.close();
      server.close();
    `);
    // Only the agent and the request API: not undici's root module (fetch, WebSocket, caches, mocks).
    expect(JSON.parse(output)).toEqual({ before: false, after: true, root: false, text: 'ok' });
  }, 30_000);
});
