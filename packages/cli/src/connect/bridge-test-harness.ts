import type { PassThrough } from 'node:stream';
import { afterEach, expect } from 'vitest';
import {
  connectBridgedClient,
  startBridge,
  startTestDaemon,
  type BridgedClient,
  type TestDaemon,
} from './connect-test-helpers.js';

/** The text of a tool result's first content block. */
export function textOf(result: unknown): string {
  return ((result as { content: Array<{ text: string }> }).content[0] ?? { text: '' }).text;
}

/**
 * Lets the bridge see the daemon's connections close, as it has long done by the time a person
 * restarts a daemon: a request written in the very instant a daemon dies may have reached it, and is
 * answered "lost" rather than sent again.
 */
export async function afterConnectionsClosed(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 50));
}

/** Reads the JSON-RPC lines the bridge writes to its stdout. */
export function lineReader(stdout: PassThrough): () => Promise<Record<string, unknown>> {
  const lines: string[] = [];
  let buffer = '';
  stdout.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    const parts = buffer.split('\n');
    buffer = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.trim() !== ''));
  });
  return async () => {
    await expect.poll(() => lines.length, { timeout: 5_000 }).toBeGreaterThan(0);
    return JSON.parse(lines.shift() as string) as Record<string, unknown>;
  };
}

/**
 * Test daemons and bridges for the tests of one file: whatever a test starts is stopped after it,
 * newest first. Call it at the top level of the test file.
 */
export function useBridgeTestHarness() {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  });
  const onCleanup = (...added: Array<() => Promise<unknown>>): void => {
    cleanups.push(...added);
  };

  async function daemon(options?: { port?: number }): Promise<TestDaemon> {
    const started = await startTestDaemon(options);
    onCleanup(() => started.stop());
    return started;
  }

  async function bridged(options: Parameters<typeof connectBridgedClient>[0]): Promise<BridgedClient> {
    const connected = await connectBridgedClient(options);
    onCleanup(() => connected.close());
    return connected;
  }

  /** A bridge driven with raw JSON-RPC lines, and a client `initialize` for it. */
  function rawBridge(options: Parameters<typeof startBridge>[0]) {
    const started = startBridge(options);
    onCleanup(async () => {
      started.stdin.end();
      await started.bridge.closed;
    });
    const send = (message: object) => started.stdin.write(`${JSON.stringify(message)}\n`);
    const initialize = (id: string) =>
      send({
        jsonrpc: '2.0',
        id,
        method: 'initialize',
        params: {
          protocolVersion: '2025-06-18',
          capabilities: {},
          clientInfo: { name: 'raw', version: '1' },
        },
      });
    return { ...started, read: lineReader(started.stdout), send, initialize };
  }

  return { onCleanup, daemon, bridged, rawBridge };
}
