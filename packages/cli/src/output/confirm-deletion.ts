import type { CliContext } from '../commands/cli-context.js';
import { askConfirmation } from './ask-confirmation.js';
import { CliExitError } from './cli-error.js';

export interface ConfirmDeletionOptions {
  /** What would be deleted, as it reads after "Delete": `thread 6f1c… (retry plan, 4 turns)`. */
  what: string;
  /** The store it is in, as `describeStoreSpec` gives it. */
  where: string;
  /** Runs before the command ends having deleted nothing (to print the JSON of what would go). */
  onNothingDeleted?: () => void;
}

/**
 * What a deleting command does when `--yes` was not given. On a terminal it asks
 * `Delete <what> from <where>? [y/N]` and returns only after a yes; anything else prints
 * `nothing deleted` and ends the command with exit code 1. When stdin is not a terminal there is
 * no one to ask: it says what would have been deleted and that `--yes` deletes without asking,
 * and ends the command with exit code 2 (`invalid_argument`: the call lacks an argument it needs).
 */
export async function confirmDeletion(
  context: Pick<CliContext, 'stdin' | 'stderr' | 'colors'>,
  { what, where, onNothingDeleted }: ConfirmDeletionOptions,
): Promise<void> {
  if (!context.stdin.isTTY) {
    onNothingDeleted?.();
    context.stderr.write(
      `${context.colors.stderr.red('exai: invalid_argument:')} this would delete ${what} from ${where}, ` +
        'and stdin is not a terminal to ask; nothing was deleted.\n' +
        'Run it again with --yes to delete without asking.\n',
    );
    throw new CliExitError(2);
  }
  if (await askConfirmation(context, `Delete ${what} from ${where}?`)) return;
  onNothingDeleted?.();
  context.stderr.write('nothing deleted\n');
  throw new CliExitError(1);
}
