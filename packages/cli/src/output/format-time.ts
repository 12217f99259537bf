/** A time for a table cell, to the second in UTC (`2026-01-31T09:30:00Z`); `-` when there is none. */
export function formatTime(date: Date | undefined): string {
  return date === undefined ? '-' : `${date.toISOString().slice(0, 19)}Z`;
}
