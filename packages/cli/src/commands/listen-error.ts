import { CliUsageError } from '../output/cli-error.js';

/**
 * Turns a failure to listen on `host:port` into one `exai: <code>: …` line for every command that
 * listens (`serve --http`, `dev fake-upstream`); anything else is returned as it is.
 */
export function mapListenError(error: unknown, { host, port }: { host: string; port: number }): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EADDRINUSE') {
    return new CliUsageError(
      `port ${port} on ${host} is in use; pick another with --port (or --port 0 for any free one) or stop the other process.`,
      { code: 'port_in_use' },
    );
  }
  if (code === 'EACCES') {
    return new CliUsageError(
      `not allowed to listen on ${host}:${port}; ports below 1024 need privileges, pick another with --port.`,
    );
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new CliUsageError(
      `cannot listen on ${host}:${port} (${code}); --host must be an address of this machine.`,
    );
  }
  return error;
}
