import type { Readable, Writable } from 'node:stream';
import { createExaiServer, createInFlightCalls, runningToolTasksOf, serveStdio } from '@exai/mcp';
import { openServeRuntime } from '../runtime/open-serve-runtime.js';
import { CLI_VERSION } from '../version.js';
import { cancelCallsInFlight } from './cancel-calls-in-flight.js';
import type { CliContext } from './cli-context.js';

export interface ServeOptions {
  profile?: string;
}

/**
 * Runs `exai serve` until stdin ends or SIGTERM/SIGINT arrives, then cancels the calls still in
 * flight and waits (up to 5 s) for their usage and audit records before the store closes. Stdout
 * carries JSON-RPC only; every log line goes to stderr.
 */
export async function runServe(context: CliContext, options: ServeOptions = {}): Promise<void> {
  const serve = await openServeRuntime(context, options);
  const { log } = serve;
  // Tracked so that calls still running at the end record their outcome before the store closes.
  const calls = createInFlightCalls();
  serve.runtime.inFlightCalls = calls;
  const server = createExaiServer(serve.runtime, { tools: serve.tools });
  const serving = await serveStdio(server, {
    stdin: context.stdin as Readable,
    stdout: context.stdout as Writable,
    log,
  });
  const onSignal = () => void serving.close();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  log(
    `exai ${CLI_VERSION}: MCP server on stdio (store: ${serve.storeDescription}, tools: ` +
      `${serve.runtime.toolProfile}, ${serve.tools.length} tools)`,
  );
  try {
    await serving.closed;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
    // The client went away or the process was told to stop: no one waits for these answers.
    await cancelCallsInFlight({
      calls,
      reason: 'The call was stopped because the server is shutting down; call it again.',
      log,
    });
    await serving.close();
    // Tasks still running are stored as failed, so a later `tasks/get` says what happened.
    await runningToolTasksOf(serve.runtime).stopAll(
      'The server stopped while the task ran; start the call again.',
    );
    await serve.close();
    log('exai: MCP server stopped');
  }
}
