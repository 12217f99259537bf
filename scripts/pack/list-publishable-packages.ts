import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A workspace package that is published (not `private`). */
export interface PublishablePackage {
  name: string;
  version: string;
  /** Absolute path of the package folder. */
  directory: string;
}

export interface ListPublishablePackagesOptions {
  /** The monorepo root (default: the current directory). */
  root?: string;
}

/**
 * Every workspace package that is not private, as npm itself resolves the root's `workspaces`
 * globs (`npm query .workspace`), so a new package is picked up without editing a list.
 */
export async function listPublishablePackages({
  root = process.cwd(),
}: ListPublishablePackagesOptions = {}): Promise<PublishablePackage[]> {
  const { stdout } = await run('npm', ['query', '.workspace', '--json'], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const workspaces = JSON.parse(stdout) as Array<{
    name: string;
    version: string;
    location: string;
    private?: boolean;
  }>;
  return workspaces
    .filter((workspace) => workspace.private !== true)
    .map((workspace) => ({
      name: workspace.name,
      version: workspace.version,
      directory: resolve(root, workspace.location),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
