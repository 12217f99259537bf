import { printableLine } from './printable-text.js';

/**
 * A table cell: text, or text with one of the CLI's colours (`context.colors.stdout.red`). Either
 * way the text is data and is printed through `printableLine`; only the colour is exai's own.
 */
export type TableCell = string | { text: string; color: (text: string) => string };

/**
 * Left-aligned columns separated by two spaces; the header row is the first row. Every cell is
 * escaped with `printableLine` (a control character, line break or invisible character from a
 * store or a config cannot drive the terminal or break a row), widths are measured on the escaped
 * text, and a cell's colour wraps its text, not its padding.
 */
export function formatTable(rows: readonly (readonly TableCell[])[]): string {
  const printable = rows.map((row) =>
    row.map((cell) => {
      const text = printableLine(typeof cell === 'string' ? cell : cell.text);
      return { text, shown: typeof cell === 'string' ? text : cell.color(text) };
    }),
  );
  const widths: number[] = [];
  for (const row of printable) {
    row.forEach((cell, index) => {
      widths[index] = Math.max(widths[index] ?? 0, cell.text.length);
    });
  }
  return printable
    .map((row) =>
      row
        .map((cell, index) =>
          index === row.length - 1
            ? cell.shown
            : cell.shown + ' '.repeat((widths[index] ?? 0) - cell.text.length),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
