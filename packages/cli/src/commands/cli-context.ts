import type { CliRuntime } from '../runtime/create-cli-runtime.js';

/** What commands need from the outside world; tests pass their own. */
export interface CliContext {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env: Record<string, string | undefined>;
  /** The options given before the command: `--config`, `--store`. */
  globalOptions(): { config?: string; store?: string };
  /** Builds the runtime on first use, so `--help` and `--version` never read the config. */
  runtime(): Promise<CliRuntime>;
}
