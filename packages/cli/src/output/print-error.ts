import pc from 'picocolors';
import { CliExitError, CliInterruptedError, CliUsageError } from './cli-error.js';

const USAGE_CODES = new Set(['invalid_config', 'invalid_argument', 'no_such_model', 'model_not_allowed']);

/**
 * Prints an error for a person and returns the exit code: 2 for a mistake in the call or the
 * configuration, 1 for a failure while running (an upstream error, a timeout, a missing key),
 * 130 after Ctrl-C.
 */
export async function printError(
  error: unknown,
  write: (text: string) => void = (t) => process.stderr.write(t),
): Promise<number> {
  if (error instanceof CliInterruptedError || error instanceof CliExitError) return error.exitCode;
  if (error instanceof CliUsageError) {
    write(`${pc.red('exai: error:')} ${error.message}\n`);
    return error.exitCode;
  }
  // Loaded here rather than at the top, so `exai --help` never pays for @exai/core.
  const { ExaiError } = await import('@exai/core');
  if (ExaiError.isInstance(error)) {
    write(`${pc.red(`exai: ${error.code}:`)} ${error.message}\n`);
    return USAGE_CODES.has(error.code) ? 2 : 1;
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  write(`${pc.red('exai: unexpected error:')} ${message}\n`);
  return 1;
}
