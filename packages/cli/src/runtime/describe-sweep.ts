import type { SweepResult } from '@exai/core';

/**
 * What a sweep or `exai gc` deleted, as one phrase (`2 expired threads, 40 usage records past
 * retention`), or undefined when it deleted nothing.
 */
export function describeSweep({ threads, files, retention }: SweepResult): string | undefined {
  const parts = [
    [threads, 'expired thread', ''],
    [files, 'expired file record', ''],
    [retention?.threads ?? 0, 'thread', ' past retention'],
    [retention?.usage ?? 0, 'usage record', ' past retention'],
    [retention?.audit ?? 0, 'audit event', ' past retention'],
  ] as const;
  const said = parts
    .filter(([count]) => count > 0)
    .map(([count, what, why]) => `${count} ${what}${count === 1 ? '' : 's'}${why}`);
  return said.length === 0 ? undefined : said.join(', ');
}
