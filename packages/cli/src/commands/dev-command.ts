import { Command } from 'commander';
import type { CliContext } from './cli-context.js';
import { mapListenError } from './listen-error.js';
import { parseNumberFlag } from './parse-number.js';

/** `exai dev …`: tools for developing against exai without real providers. */
export function createDevCommand(context: CliContext): Command {
  const dev = new Command('dev').description('Development tools');
  dev
    .command('fake-upstream')
    .description('Run a fake OpenAI-compatible / Kimi / GLM upstream on 127.0.0.1 (no real model is called)')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '8787')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .action(async (options: { port: string; host: string }) => {
      const port = parseNumberFlag('--port', options.port, { min: 0, max: 65_535, integer: true });
      const { startFakeUpstreamFromCli } = await import('@exai/testkit');
      const upstream = await startFakeUpstreamFromCli({
        port,
        host: options.host,
        log: (line: string) => context.stderr.write(`${line}\n`),
      }).catch((error: unknown) => {
        throw mapListenError(error, { host: options.host, port });
      });
      context.stdout.write(
        `fake upstream listening on ${upstream.url}\n` +
          `  try: KIMI_API_KEY=test KIMI_BASE_URL=${upstream.url}/v1 exai chat -m kimi-k2 "hello"\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await upstream.close();
    });
  return dev;
}
