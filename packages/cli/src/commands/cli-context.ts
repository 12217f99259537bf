import type { CliColors } from '../output/cli-colors.js';
import type { CliRuntime } from '../runtime/create-cli-runtime.js';

/** What commands need from the outside world; tests pass their own. */
export interface CliContext {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  /** Colours for each stream, from NO_COLOR, FORCE_COLOR and whether the stream is a terminal. */
  colors: { stdout: CliColors; stderr: CliColors };
  env: Record<string, string | undefined>;
  /** The options given before the command: `--config`, `--store`. */
  globalOptions(): { config?: string; store?: string };
  /** Builds the runtime on first use, so `--help` and `--version` never read the config. */
  runtime(): Promise<CliRuntime>;
}
