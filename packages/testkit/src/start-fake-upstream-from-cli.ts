import { createFakeUpstream } from './fake-upstream.js';
import type { FakeReply, FakeUpstream, FakeUpstreamResponseInfo } from './fake-upstream-types.js';

export interface StartFakeUpstreamFromCliOptions {
  /** Default 0: pick a free port. */
  port?: number;
  /** Default `127.0.0.1`. */
  host?: string;
  /** Receives one line per request. Default: `console.log`. */
  log?: (line: string) => void;
  defaultReply?: FakeReply;
  /** Default false, so a long-running server does not grow without bound. */
  record?: boolean;
}

/** One log line: `2025-01-01T00:00:00.000Z POST /v1/chat/completions 200 3ms`, plus any non-normal outcome. */
export function formatFakeUpstreamLogLine({
  request,
  status,
  durationInMs,
  outcome,
}: FakeUpstreamResponseInfo): string {
  const time = new Date(request.receivedAt).toISOString();
  const suffix = outcome === 'completed' ? '' : ` (${outcome})`;
  return `${time} ${request.method} ${request.path} ${status === 0 ? '-' : status} ${durationInMs}ms${suffix}`;
}

/** Starts a fake upstream for `exai dev fake-upstream`, logging one line per request. */
export function startFakeUpstreamFromCli({
  port = 0,
  host = '127.0.0.1',
  log = console.log,
  defaultReply,
  record = false,
}: StartFakeUpstreamFromCliOptions = {}): Promise<FakeUpstream> {
  return createFakeUpstream({
    port,
    host,
    record,
    defaultReply,
    onResponse: (info) => log(formatFakeUpstreamLogLine(info)),
  });
}
