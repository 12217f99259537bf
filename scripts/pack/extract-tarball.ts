import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ExtractTarballOptions {
  tarball: string;
  /** An empty folder; the package lands in `<destination>/package`, as npm packs it. */
  destination: string;
}

/** Unpacks an `npm pack` tarball and returns the package's folder. */
export async function extractTarball({ tarball, destination }: ExtractTarballOptions): Promise<string> {
  await mkdir(destination, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', destination]);
  return join(destination, 'package');
}
