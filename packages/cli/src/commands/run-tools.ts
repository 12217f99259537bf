import { selectToolsFromEnvironment, type AnyExaiTool, type ToolLoadError } from '@exai/mcp';
import { CliExitError } from '../output/cli-error.js';
import { formatTable, type TableCell } from '../output/format-table.js';
import { printableText } from '../output/printable-text.js';
import type { ProfileTokenMeasurement, ToolTokenMeasurement } from '../tools/measure-tool-tokens.js';
import type { CliContext } from './cli-context.js';

/** The first sentence (or line) of a description, for a one-line listing. */
function summary(description: string, maxLength = 90): string {
  const first = (description.split('\n')[0] ?? '').trim();
  const sentence = /^(.+?[.!?])(\s|$)/.exec(first)?.[1] ?? first;
  return sentence.length > maxLength ? `${sentence.slice(0, maxLength - 1)}…` : sentence;
}

function printLoadErrors(context: CliContext, loadErrors: readonly ToolLoadError[]): void {
  for (const failure of loadErrors) {
    context.stderr.write(
      `${context.colors.stderr.red('exai: tool_load_failed:')} ` +
        `${printableText(`tool ${failure.name} failed to load: ${failure.message}`)}\n`,
    );
  }
}

function number(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * Runs `exai tools`. Exits 1 when a selected tool failed to load or, with `--tokens`, when a
 * profile is over its budget.
 */
export async function runTools(
  context: CliContext,
  options: { profile?: string; tokens?: boolean; json?: boolean },
): Promise<void> {
  const selection = selectToolsFromEnvironment(context.env, {
    ...(options.profile !== undefined && { profile: options.profile }),
  });
  const customised = Boolean(
    context.env.EXAI_TOOLS_ENABLED?.trim() || context.env.EXAI_TOOLS_DISABLED?.trim(),
  );
  const describe = (tool: AnyExaiTool) => ({
    name: tool.name,
    title: tool.title,
    description: tool.description,
  });

  let profiles: ProfileTokenMeasurement[] | undefined;
  let selected: ToolTokenMeasurement | undefined;
  if (options.tokens) {
    const { measureProfileTokens, measureToolTokens } = await import('../tools/measure-tool-tokens.js');
    profiles = await measureProfileTokens();
    if (customised) selected = await measureToolTokens(selection.tools);
  }
  // The same failing tool shows up in the selection and in every profile that offers it.
  const loadErrors = [
    ...selection.loadErrors,
    ...(profiles ?? []).flatMap((measurement) => measurement.loadErrors),
  ].filter((failure, index, all) => all.findIndex((other) => other.name === failure.name) === index);
  const overBudget = (profiles ?? []).filter((measurement) => measurement.withinBudget === false);

  if (options.json) {
    context.stdout.write(
      `${JSON.stringify(
        {
          profile: selection.profile,
          tools: selection.tools.map(describe),
          loadErrors,
          ...(profiles && {
            tokens: {
              encoding: 'o200k_base',
              profiles: profiles.map(({ loadErrors: _ignored, ...measurement }) => measurement),
              ...(selected && { selected }),
            },
          }),
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const rows = selection.tools.map((tool) => [tool.name, tool.title, summary(tool.description)]);
    context.stdout.write(
      `profile ${selection.profile}${customised ? ' (with EXAI_TOOLS_ENABLED/EXAI_TOOLS_DISABLED)' : ''}: ` +
        `${selection.tools.length} tools\n${formatTable([['NAME', 'TITLE', 'DESCRIPTION'], ...rows])}\n`,
    );
    if (profiles) {
      const tokenRows = profiles.map((measurement): TableCell[] => [
        measurement.profile + (measurement.profile === selection.profile && !customised ? ' *' : ''),
        String(measurement.toolCount),
        number(measurement.tokens),
        measurement.budget === undefined ? '-' : `< ${number(measurement.budget)}`,
        measurement.withinBudget === undefined
          ? '-'
          : measurement.withinBudget
            ? 'yes'
            : { text: 'NO', color: context.colors.stdout.red },
      ]);
      if (selected) {
        tokenRows.push(['selected *', String(selected.toolCount), number(selected.tokens), '-', '-']);
      }
      context.stdout.write(
        `\ntools/list tokens (o200k_base), as a client receives them\n` +
          `${formatTable([['PROFILE', 'TOOLS', 'TOKENS', 'BUDGET', 'WITHIN'], ...tokenRows])}\n`,
      );
    }
  }
  printLoadErrors(context, loadErrors);
  for (const measurement of overBudget) {
    context.stderr.write(
      `${context.colors.stderr.red('exai: over_budget:')} the ${measurement.profile} profile's tools cost ${number(measurement.tokens)} tokens, ` +
        `over its budget of ${number(measurement.budget ?? 0)}\n`,
    );
  }
  if (loadErrors.length > 0 || overBudget.length > 0) throw new CliExitError(1);
}
