import type { Command } from 'commander';
import { CliUsageError } from '../output/cli-error.js';

/**
 * The commands that never open the session store, each with the reason a person is told. A global
 * `--store` given to one of them would change nothing, so it is refused rather than ignored
 * (docs/decisions/0045). Every other command opens the store of `--store` / `EXAI_STORE`; a new
 * command must be listed here or in `COMMANDS_WITH_STORE` (a test checks that each one is).
 */
export const COMMANDS_WITHOUT_STORE: Readonly<Record<string, string>> = {
  chat: 'it asks the model directly and keeps no thread, usage or audit record',
  models: 'it lists the models of the configuration',
  tools: 'it lists the tools exai serve offers',
  connect:
    'the daemon it forwards to keeps the records, in its own store; give --store to exai serve --http there',
  dev: 'the development tools keep no records',
};

/** The commands that open the store named by `--store` / `EXAI_STORE`. */
export const COMMANDS_WITH_STORE: readonly string[] = [
  'serve',
  'migrate',
  'backup',
  'restore',
  'db',
  'gc',
  'threads',
  'tenants',
  'audit',
  'keys',
  'usage',
  'dashboard',
  'doctor',
];

/** The refusal of a `--store` that `exai <command>` would not use. */
export function storeHasNoEffectError(command: string, reason: string): CliUsageError {
  return new CliUsageError(`--store has no effect on "exai ${command}": ${reason}. Run it without --store.`);
}

/**
 * Before a command runs (a `preAction` hook): refuses a `--store` given to a command that never
 * opens a store. `EXAI_STORE` is not refused: the environment serves every command.
 */
export function refuseUnusedStoreOption(actionCommand: Command, store: string | undefined): void {
  if (store === undefined) return;
  const names: string[] = [];
  for (let command: Command | null = actionCommand; command?.parent; command = command.parent) {
    names.unshift(command.name());
  }
  const top = names[0];
  const reason =
    top !== undefined && Object.hasOwn(COMMANDS_WITHOUT_STORE, top) ? COMMANDS_WITHOUT_STORE[top] : undefined;
  if (reason !== undefined) throw storeHasNoEffectError(names.join(' '), reason);
}
