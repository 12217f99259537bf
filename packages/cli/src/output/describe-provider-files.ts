import type { ProviderFileCollection } from '@exai/core';
import { printableLine } from './printable-text.js';

/**
 * One line saying what a collection of provider uploads did — uploads deleted, expired threads
 * whose references were released, uploads kept after a provider failure — or undefined when it
 * did nothing worth a line.
 */
export function describeProviderFiles(collection: ProviderFileCollection | undefined): string | undefined {
  if (collection === undefined) return undefined;
  const { deleted, releasedThreads, failed } = collection;
  if (deleted === 0 && releasedThreads === 0 && failed.length === 0) return undefined;
  const parts = [`deleted ${deleted} provider uploads no live thread uses`];
  if (releasedThreads > 0) parts.push(`released the uploads of ${releasedThreads} expired threads`);
  if (failed.length > 0) {
    const first = failed[0]!;
    parts.push(
      `kept ${failed.length} the provider did not delete, to retry next time ` +
        `(${first.provider} ${first.providerFileId}: ${first.message}${failed.length > 1 ? '; …' : ''})`,
    );
  }
  // The ids and the message come from the provider: escaped for the terminal.
  return printableLine(parts.join('; '));
}
