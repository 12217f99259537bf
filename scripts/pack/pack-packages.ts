import { execFile } from 'node:child_process';
import { mkdir, readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

import type { PublishablePackage } from './list-publishable-packages.js';

const run = promisify(execFile);

/** One packed package: what `npm pack --json` reports, plus where the tarball is. */
export interface PackedPackage {
  name: string;
  version: string;
  /** Absolute path of the `.tgz`. */
  tarball: string;
  /** Every path inside the tarball, relative to the package root. */
  files: string[];
}

export interface PackPackagesOptions {
  root: string;
  packages: readonly PublishablePackage[];
  /** Where the tarballs go; emptied of old `.tgz` files first. */
  destination: string;
}

/**
 * `npm pack`s the given packages (already built) into one folder, exactly as `npm publish` would
 * upload them: the `files` list, `.npmignore` rules and the README/LICENSE npm always adds.
 */
export async function packPackages({
  root,
  packages,
  destination,
}: PackPackagesOptions): Promise<PackedPackage[]> {
  const target = resolve(root, destination);
  await mkdir(target, { recursive: true });
  for (const entry of await readdir(target)) {
    if (entry.endsWith('.tgz')) await rm(join(target, entry));
  }
  const workspaceFlags = packages.flatMap((pkg) => ['--workspace', pkg.name]);
  const { stdout } = await run('npm', ['pack', ...workspaceFlags, '--pack-destination', target, '--json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const reports = JSON.parse(stdout) as Array<{
    name: string;
    version: string;
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return reports.map((report) => ({
    name: report.name,
    version: report.version,
    tarball: join(target, report.filename),
    files: report.files.map((file) => file.path),
  }));
}
