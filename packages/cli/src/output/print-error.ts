import { noColors, type CliColors } from './cli-colors.js';
import { CliExitError, CliInterruptedError, CliUsageError } from './cli-error.js';
import { printableLine, printableText } from './printable-text.js';

const USAGE_CODES = new Set([
  'invalid_config',
  'invalid_argument',
  'no_such_model',
  'model_not_allowed',
  'context_window_exceeded',
  // EXAI_STORE names the wrong kind of store for the schema (postgres:// for a Supabase one).
  'migration_other_store',
]);

export const REPORT_URL = 'https://github.com/exai/exai/issues';

export interface PrintErrorOptions {
  write?: (text: string) => void;
  /** Colours for stderr, decided from the CLI context (see `createCliColors`). Default: none. */
  colors?: CliColors;
  /** The CLI's environment: `EXAI_DEBUG=1` adds the stack trace to an unexpected error. */
  env?: Record<string, string | undefined>;
}

/**
 * Prints an error for a person as one `exai: <code>: <message>` line and returns the exit code:
 * 2 for a mistake in the call or the configuration, 1 for a failure while running (an upstream
 * error, a timeout, a missing key, an empty answer), 130 after Ctrl-C. An error exai does not know
 * is a bug: one line and where to report it; its stack only with `EXAI_DEBUG=1`. Messages quote
 * stored and upstream text (an id, a provider's error body), so they print through `printableText`.
 */
export async function printError(
  error: unknown,
  { write = (t) => process.stderr.write(t), colors = noColors, env = {} }: PrintErrorOptions = {},
): Promise<number> {
  if (error instanceof CliInterruptedError || error instanceof CliExitError) return error.exitCode;
  if (error instanceof CliUsageError) {
    write(`${colors.red(`exai: ${error.code}:`)} ${printableText(error.message)}\n`);
    return error.exitCode;
  }
  // Loaded here rather than at the top, so `exai --help` never pays for @exai/core.
  const { EmptyAnswerError, ExaiError, MissingApiKeyError, NoSuchModelError, describeMissingApiKeyForUsers } =
    await import('@exai/core');
  if (ExaiError.isInstance(error)) {
    const message = MissingApiKeyError.isInstance(error)
      ? describeMissingApiKeyForUsers(error)
      : NoSuchModelError.isInstance(error)
        ? `${error.message} Run \`exai models\` to list the models you can use.`
        : EmptyAnswerError.isInstance(error) && error.finishReason === 'length'
          ? `${error.message} With exai chat, a larger --max-tokens gives the model more room (up to ` +
            'its max output, which exai models lists).'
          : error.message;
    write(`${colors.red(`exai: ${error.code}:`)} ${printableText(message)}\n`);
    return USAGE_CODES.has(error.code) ? 2 : 1;
  }
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const debug = env.EXAI_DEBUG !== undefined && env.EXAI_DEBUG !== '' && env.EXAI_DEBUG !== '0';
  write(
    `${colors.red('exai: unexpected_error:')} ${printableLine(message.split('\n')[0] ?? '')}\n` +
      (debug && error instanceof Error && error.stack !== undefined
        ? `${error.stack}\n`
        : `This is a bug in exai. Please report it at ${REPORT_URL} with the output of the same command run with EXAI_DEBUG=1.\n`),
  );
  return 1;
}
