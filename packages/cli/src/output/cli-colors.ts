import { createColors } from 'picocolors';

export type CliColors = ReturnType<typeof createColors>;

/** Colours that are all plain text: the default where no stream is known. */
export const noColors: CliColors = createColors(false);

/**
 * The one way the CLI colours its output (an ESLint rule keeps `picocolors` out of every other
 * module, since its own detection reads the process rather than the command's context).
 * Colours for one output stream, decided from the CLI's own environment and stream rather than
 * the process's: `NO_COLOR` (any non-empty value) turns them off, `FORCE_COLOR` (anything but
 * `0`/`false`) turns them on, else they follow whether the stream is a terminal. `CI` alone never
 * turns colour on.
 */
export function createCliColors({
  env,
  stream,
}: {
  env: Record<string, string | undefined>;
  stream: { isTTY?: boolean };
}): CliColors {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return createColors(false);
  const force = env.FORCE_COLOR;
  if (force !== undefined) return createColors(force !== '0' && force.toLowerCase() !== 'false');
  return createColors(stream.isTTY === true && env.TERM !== 'dumb');
}
