import { execFile } from 'node:child_process';
import { InvalidArgumentError } from '@exai/core';

/** Most bytes one git command may print before its output is cut (and the cut reported). */
export const GIT_OUTPUT_CAP_IN_BYTES = 4_000_000;
const GIT_TIMEOUT_IN_MS = 30_000;

export interface GitOutput {
  stdout: string;
  /** The output passed `GIT_OUTPUT_CAP_IN_BYTES` and `stdout` holds only its start. */
  truncated: boolean;
}

class GitCommandError extends Error {
  constructor(
    message: string,
    readonly stderr: string,
  ) {
    super(message);
  }
}

/**
 * Runs git without a shell in `cwd`, with a timeout and an output cap. Variables that would point
 * git at another repository (as set inside git hooks) are removed, prompts are turned off, and
 * `core.fsmonitor` is off (callers add `--no-ext-diff --no-textconv` to diffs), so a repository's
 * own configuration cannot make git run a command.
 */
export function runGit(
  args: readonly string[],
  { cwd, signal }: { cwd: string; signal?: AbortSignal },
): Promise<GitOutput> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0',
    GIT_OPTIONAL_LOCKS: '0',
    LC_ALL: 'C',
  };
  for (const name of ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_CEILING_DIRECTORIES'])
    delete env[name];
  return new Promise<GitOutput>((resolve, reject) => {
    execFile(
      'git',
      // No file-system monitor hook: a repository's configuration must not make git run commands.
      ['-c', 'core.quotepath=off', '-c', 'core.fsmonitor=false', ...args],
      {
        cwd,
        env,
        maxBuffer: GIT_OUTPUT_CAP_IN_BYTES,
        timeout: GIT_TIMEOUT_IN_MS,
        encoding: 'utf8',
        ...(signal && { signal }),
      },
      (error, stdout, stderr) => {
        if (error === null) return resolve({ stdout, truncated: false });
        if ((error as { code?: unknown }).code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') {
          return resolve({ stdout, truncated: true });
        }
        if ((error as { code?: unknown }).code === 'ENOENT') {
          return reject(
            new InvalidArgumentError({
              argument: 'path',
              message:
                'precommit needs git, which was not found on the PATH of the exai server; install git.',
              cause: error,
            }),
          );
        }
        reject(new GitCommandError(`git ${args[0] ?? ''} failed: ${stderr.trim() || error.message}`, stderr));
      },
    );
  }).catch((error: unknown) => {
    // Spawning in a file rather than a folder throws ENOTDIR before git starts.
    if ((error as { code?: unknown }).code !== 'ENOTDIR') throw error;
    throw new InvalidArgumentError({
      argument: 'path',
      message: `${cwd} is a file; pass the repository's folder as path.`,
      cause: error,
    });
  });
}

/** The top folder of the repository `cwd` is in; an `InvalidArgumentError` when it is in none. */
export async function repositoryRoot(cwd: string, given: string): Promise<string> {
  try {
    return (await runGit(['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch (error) {
    if (!(error instanceof GitCommandError)) throw error;
    throw new InvalidArgumentError({
      argument: 'path',
      message:
        `"${given}" is not inside a git repository (${firstLine(error.stderr)}); pass the folder of a ` +
        'repository as path.',
      cause: error,
    });
  }
}

/** Checks that `ref` names a commit; an `InvalidArgumentError` naming the ref otherwise. */
export async function verifyRef(cwd: string, ref: string): Promise<void> {
  const unknown = () =>
    new InvalidArgumentError({
      argument: 'compare_to',
      message:
        `compare_to "${ref}" is not a branch, tag or commit of the repository at ${cwd}; pass an existing ` +
        'ref (git branch -a lists them) or leave compare_to out to review staged and unstaged changes.',
    });
  if (ref.trim() === '' || ref.startsWith('-')) throw unknown();
  try {
    await runGit(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd });
  } catch (error) {
    if (error instanceof GitCommandError) throw unknown();
    throw error;
  }
}

function firstLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')[0]
      ?.replace(/^fatal: /, '') || 'git refused it'
  );
}
