import { Command, CommanderError } from 'commander';
import { createAuditCommand } from './commands/audit-command.js';
import { createChatCommand } from './commands/chat-command.js';
import type { CliContext } from './commands/cli-context.js';
import { createConnectCommand } from './commands/connect-command.js';
import { createDashboardCommand } from './commands/dashboard-command.js';
import { createDevCommand } from './commands/dev-command.js';
import { createDoctorCommand } from './commands/doctor-command.js';
import { createModelsCommand } from './commands/models-command.js';
import { createServeCommand } from './commands/serve-command.js';
import { createStoreCommands } from './commands/store-commands.js';
import { refuseUnusedStoreOption } from './commands/store-option-use.js';
import { createKeysCommand } from './commands/keys-command.js';
import { createThreadsCommand } from './commands/threads-command.js';
import { createTenantsCommand } from './commands/tenants-command.js';
import { createToolsCommand } from './commands/tools-command.js';
import { createUsageCommand } from './commands/usage-command.js';
import { createCliColors } from './output/cli-colors.js';
import { printError } from './output/print-error.js';
import type { CliRuntime } from './runtime/create-cli-runtime.js';
import { CLI_VERSION } from './version.js';

export interface RunCliOptions {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: CliContext['stdin'];
  stdout?: CliContext['stdout'];
  stderr?: CliContext['stderr'];
}

/** Runs the `exai` command line and resolves to its exit code. */
export async function runCli({
  argv = process.argv.slice(2),
  env = process.env,
  cwd,
  stdin = process.stdin,
  stdout = process.stdout,
  stderr = process.stderr,
}: RunCliOptions = {}): Promise<number> {
  const program = new Command('exai')
    .description(
      'A second opinion from other models (Kimi, GLM, OpenAI, OpenRouter, Ollama, any OpenAI-compatible endpoint)',
    )
    .version(CLI_VERSION, '-v, --version')
    .option(
      '-c, --config <path>',
      'configuration file (default: $EXAI_CONFIG, ./exai.config.json, ~/.config/exai/exai.config.json)',
    )
    .option(
      '--store <spec>',
      'session store: sqlite[:path], postgres://…, supabase or memory (default: $EXAI_STORE, else SQLite in the data directory)',
    )
    .showHelpAfterError('(run exai --help for usage)');
  const colors = {
    stdout: createCliColors({ env, stream: stdout }),
    stderr: createCliColors({ env, stream: stderr }),
  };
  // Commander's own messages ("error: unknown option '--x'") follow the `exai: <code>: …` form too.
  const output = {
    writeOut: (text: string) => stdout.write(text),
    writeErr: (text: string) => stderr.write(text),
    outputError: (text: string, write: (text: string) => void) =>
      write(`${colors.stderr.red('exai: invalid_argument:')} ${text.replace(/^error: /, '')}`),
  };

  let runtime: Promise<CliRuntime> | undefined;
  const context: CliContext = {
    env,
    globalOptions: () => program.opts<{ config?: string; store?: string }>(),
    stdin,
    stdout,
    stderr,
    colors,
    runtime: () => {
      const configPath = program.opts<{ config?: string }>().config;
      runtime ??= import('./runtime/create-cli-runtime.js').then(({ createCliRuntime }) =>
        createCliRuntime({
          ...(configPath !== undefined && { configPath }),
          env,
          ...(cwd !== undefined && { cwd }),
        }),
      );
      return runtime;
    },
  };

  program.addCommand(createChatCommand(context));
  program.addCommand(createModelsCommand(context));
  program.addCommand(createServeCommand(context));
  program.addCommand(createConnectCommand(context));
  for (const command of createStoreCommands(context)) program.addCommand(command);
  program.addCommand(createThreadsCommand(context));
  program.addCommand(createTenantsCommand(context));
  program.addCommand(createAuditCommand(context));
  program.addCommand(createKeysCommand(context));
  program.addCommand(createUsageCommand(context));
  program.addCommand(createDashboardCommand(context));
  program.addCommand(createToolsCommand(context));
  program.addCommand(createDoctorCommand(context));
  program.addCommand(createDevCommand(context));
  // A --store that the command would not use is refused, not ignored.
  program.hook('preAction', (_program, actionCommand) =>
    refuseUnusedStoreOption(actionCommand, program.opts<{ store?: string }>().store),
  );
  const exitOverrideEverywhere = (command: Command, path: string) => {
    command.exitOverride().configureOutput(output);
    if (command !== program) command.showHelpAfterError(`(run exai ${path} --help for usage)`);
    command.commands.forEach((sub) => exitOverrideEverywhere(sub, `${path} ${sub.name()}`.trim()));
  };
  exitOverrideEverywhere(program, '');

  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // A group named without one of its commands (`exai threads`) shows its help as an error.
      if (error.code === 'commander.help' && error.exitCode !== 0) {
        output.outputError('error: a command is missing: pick one of the commands listed above\n', (text) =>
          stderr.write(text),
        );
      }
      return error.exitCode === 0 ? 0 : 2;
    }
    return await printError(error, { write: (text) => stderr.write(text), colors: colors.stderr, env });
  }
}
