import type { Readable, Writable } from 'node:stream';
import { createExaiServer, startExpirySweep } from '@exai/core';
import { serveStdio } from '@exai/core/stdio';
import { describeStoreSpec, openSessionStore, parseStoreSpec } from '@exai/storage';
import { CLI_VERSION } from '../version.js';
import type { CliContext } from './cli-context.js';

/**
 * Runs `exai serve` until stdin ends or SIGTERM/SIGINT arrives. Stdout carries JSON-RPC only;
 * every log line goes to stderr.
 */
export async function runServe(context: CliContext): Promise<void> {
  const log = (line: string) => context.stderr.write(`${line}\n`);
  const runtime = await context.runtime();
  for (const warning of runtime.warnings) log(`exai: warning: ${warning}`);

  const flag = context.globalOptions().store;
  const spec = parseStoreSpec(flag ?? context.env.EXAI_STORE, {
    env: context.env,
    source: flag === undefined ? 'EXAI_STORE' : '--store',
  });
  const store = await openSessionStore(spec);
  const sweep = startExpirySweep({
    store,
    onError: (error) => log(`exai: expiry sweep failed: ${String(error)}`),
  });
  const server = createExaiServer({ registry: runtime.registry, store, version: CLI_VERSION, logger: log });

  const serving = await serveStdio(server, {
    stdin: context.stdin as Readable,
    stdout: context.stdout as Writable,
  });
  const onSignal = () => void serving.close();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  log(`exai ${CLI_VERSION}: MCP server on stdio (store: ${describeStoreSpec(spec)})`);
  try {
    await serving.closed;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    await serving.close();
    await sweep.stop();
    await store.close();
    await runtime.close();
    log('exai: MCP server stopped');
  }
}
