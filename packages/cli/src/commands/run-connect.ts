import type { Readable, Writable } from 'node:stream';
import { buildConnectHeaders, parseDaemonUrl } from '../connect/connect-arguments.js';
import { startStdioHttpBridge } from '../connect/stdio-http-bridge.js';
import { createTrustingCaFetch } from '../connect/trusting-ca-fetch.js';
import type { CliContext } from './cli-context.js';

export interface ConnectOptions {
  url: string;
  /** `--header` values, "Name: value". */
  headers?: readonly string[];
  /** `--ca`: a PEM file of a CA to trust for an https:// daemon. */
  caPath?: string;
}

/**
 * Runs `exai connect` until stdin ends or SIGTERM/SIGINT arrives, then closes the HTTP session
 * (DELETE) and returns. Stdout carries JSON-RPC only; every log line goes to stderr.
 */
export async function runConnect(
  context: CliContext,
  { url, headers = [], caPath }: ConnectOptions,
): Promise<void> {
  const daemonUrl = parseDaemonUrl(url);
  const fetch = caPath === undefined ? undefined : await createTrustingCaFetch(caPath);
  const bridge = startStdioHttpBridge({
    url: daemonUrl,
    headers: buildConnectHeaders({ headerOptions: headers, env: context.env }),
    stdin: context.stdin as Readable,
    stdout: context.stdout as Writable,
    log: (line) => context.stderr.write(`${line}\n`),
    ...(fetch !== undefined && { fetch }),
  });
  const onSignal = () => void bridge.close();
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  context.stderr.write(`exai connect: forwarding stdio to ${daemonUrl.href}\n`);
  try {
    await bridge.closed;
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
