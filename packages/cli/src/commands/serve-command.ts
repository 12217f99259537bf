import { Command } from 'commander';
import { CliUsageError } from '../output/cli-error.js';
import type { CliContext } from './cli-context.js';
import type { ServeAuthFlags } from './serve-auth-settings.js';

/** `exai serve`: an MCP server on stdin/stdout for AI coding assistants, or on Streamable HTTP with `--http`. */
export function createServeCommand(context: CliContext): Command {
  return new Command('serve')
    .description(
      'Run the MCP server on stdin/stdout (add it to your MCP client as the command `exai serve`), or on ' +
        'Streamable HTTP with --http; logs go to stderr',
    )
    .option(
      '--profile <profile>',
      'tools to offer: lean, standard or full (default: $EXAI_TOOL_PROFILE, else standard)',
    )
    .option(
      '--http',
      'serve MCP over Streamable HTTP instead of stdio; requests need an API key (exai keys create) or a JWT',
    )
    .option('--host <host>', 'with --http: the interface to bind (default: 127.0.0.1)')
    .option('--port <port>', 'with --http: the port to listen on, 0 for any free one (default: 8765)')
    .option(
      '--stateless',
      'with --http: no sessions, every request stands alone (for replicas behind a load balancer)',
    )
    .option(
      '--session-ttl <seconds>',
      'with --http, without --stateless: close sessions idle this long (default: 1800)',
    )
    .option(
      '--max-sessions <n>',
      'with --http, without --stateless: the most sessions held at once (default: 1000)',
    )
    .option(
      '--drain-timeout <seconds>',
      'with --http: on SIGTERM/SIGINT, how long calls in flight may finish before they are cancelled (default: 30)',
    )
    .option(
      '--allowed-hosts <hosts>',
      'with --http: comma-separated Host header values to accept (default: localhost, 127.0.0.1 and [::1] on the port)',
    )
    .option(
      '--allowed-origins <origins>',
      'with --http: comma-separated Origin header values to accept (default: http(s):// with each allowed host)',
    )
    .option('--no-auth', 'with --http: no authentication, every request is the local tenant (loopback only)')
    .option(
      '--jwt-jwks-url <url>',
      "with --http: accept RS256/ES256 JWTs signed by this JWKS (your identity provider's)",
    )
    .option('--jwt-issuer <iss>', 'with --http: the JWT issuer (iss) to require')
    .option('--jwt-audience <aud>', 'with --http: the JWT audience (aud) to require')
    .option('--jwt-tenant-claim <claim>', 'with --http: the JWT claim naming the tenant (default: tenant)')
    .option('--tls-cert <file>', 'with --http: serve HTTPS with this PEM certificate chain (needs --tls-key)')
    .option('--tls-key <file>', 'with --http: the PEM private key of --tls-cert')
    .action(async (options: ServeCommandOptions) => {
      if (options.http === true) {
        const sessionFlag =
          options.stateless === true
            ? sessionOnlyFlags.find(([key]) => options[key] !== undefined)
            : undefined;
        if (sessionFlag !== undefined)
          throw new CliUsageError(
            `${sessionFlag[1]} sets how sessions are kept, and --stateless keeps none: drop one of the two.`,
          );
        const { runServeHttp } = await import('./run-serve-http.js');
        await runServeHttp(context, options);
        return;
      }
      const httpOnly =
        options.auth === false
          ? (['auth', '--no-auth'] as const)
          : httpOnlyFlags.find(([key]) => options[key] !== undefined);
      if (httpOnly !== undefined)
        throw new CliUsageError(`${httpOnly[1]} needs --http (stdio has no ${httpOnly[1]}).`);
      const { runServe } = await import('./run-serve.js');
      await runServe(context, options);
    });
}

const httpOnlyFlags: Array<[keyof ServeCommandOptions, string]> = [
  ['host', '--host'],
  ['port', '--port'],
  ['stateless', '--stateless'],
  ['sessionTtl', '--session-ttl'],
  ['maxSessions', '--max-sessions'],
  ['drainTimeout', '--drain-timeout'],
  ['allowedHosts', '--allowed-hosts'],
  ['allowedOrigins', '--allowed-origins'],
  ['jwtJwksUrl', '--jwt-jwks-url'],
  ['jwtIssuer', '--jwt-issuer'],
  ['jwtAudience', '--jwt-audience'],
  ['jwtTenantClaim', '--jwt-tenant-claim'],
  ['tlsCert', '--tls-cert'],
  ['tlsKey', '--tls-key'],
];

/** Flags that only mean something when the daemon keeps sessions (not with `--stateless`). */
const sessionOnlyFlags: Array<[keyof ServeCommandOptions, string]> = [
  ['sessionTtl', '--session-ttl'],
  ['maxSessions', '--max-sessions'],
];

/** The flags of `exai serve`, as commander parses them. */
export interface ServeCommandOptions extends ServeAuthFlags {
  profile?: string;
  http?: boolean;
  host?: string;
  port?: string;
  stateless?: boolean;
  sessionTtl?: string;
  maxSessions?: string;
  drainTimeout?: string;
  allowedHosts?: string;
  allowedOrigins?: string;
}
