/**
 * exai (the CLI package) — every export of this file is public API.
 *
 * The `exai` command line, runnable in-process (for tests and embedding).
 */
export { runCli, type RunCliOptions } from './program.js';
export { CLI_VERSION } from './version.js';
