import type { SweepResult } from '@exai/core';

/**
 * What a sweep or `exai gc` deleted, as one phrase (`2 expired threads, 40 usage records past
 * retention`), or undefined when it deleted nothing.
 */
export function describeSweep({ threads, files, retention }: SweepResult): string | undefined {
  const parts = [
    [threads, 'expired threads'],
    [files, 'expired file records'],
    [retention?.threads ?? 0, 'threads past retention'],
    [retention?.usage ?? 0, 'usage records past retention'],
    [retention?.audit ?? 0, 'audit events past retention'],
  ] as const;
  const said = parts.filter(([count]) => count > 0).map(([count, what]) => `${count} ${what}`);
  return said.length === 0 ? undefined : said.join(', ');
}
