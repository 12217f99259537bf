import { readFileSync } from 'node:fs';
import type { FetchLike } from '@modelcontextprotocol/sdk/shared/transport.js';
import { CliUsageError } from '../output/cli-error.js';

/**
 * A `fetch` that trusts the certificate authority in `caPath` (PEM), besides the system's, for a
 * daemon serving HTTPS with its own certificate (`exai connect --ca FILE`).
 */
export async function createTrustingCaFetch(caPath: string): Promise<FetchLike> {
  let ca: string;
  try {
    ca = readFileSync(caPath, 'utf8');
  } catch (error) {
    throw new CliUsageError(
      `--ca: cannot read ${caPath} (${(error as NodeJS.ErrnoException).code ?? String(error)}); give a PEM file.`,
    );
  }
  if (!ca.includes('-----BEGIN CERTIFICATE-----'))
    throw new CliUsageError(`--ca: ${caPath} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`);
  const { Agent, fetch } = await import('undici');
  const { rootCertificates } = await import('node:tls');
  const dispatcher = new Agent({ connect: { ca: [...rootCertificates, ca] } });
  return ((url, init) => fetch(url, { ...(init as object), dispatcher })) as FetchLike;
}
