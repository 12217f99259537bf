import { statSync } from 'node:fs';
import { allowedRootsFromEnvironment } from '@exai/core/internal';
import { selectToolsFromEnvironment } from '@exai/mcp';
import { errorMessage, type DoctorCheck } from './doctor-check.js';

/** The roots tools may read files under (`EXAI_ALLOWED_ROOTS`): each must be an existing directory. */
export function checkAllowedRoots(env: Record<string, string | undefined>, cwd: string): DoctorCheck {
  const roots = allowedRootsFromEnvironment(env, cwd);
  const problems: string[] = [];
  for (const root of roots) {
    let kind: 'directory' | 'other' | 'missing' = 'missing';
    try {
      kind = statSync(root).isDirectory() ? 'directory' : 'other';
    } catch {
      // missing, or not readable: either way tools cannot use it.
    }
    if (kind === 'missing') problems.push(`${root} does not exist`);
    else if (kind === 'other') problems.push(`${root} is not a directory`);
  }
  const source = env.EXAI_ALLOWED_ROOTS?.trim()
    ? 'from EXAI_ALLOWED_ROOTS'
    : 'the working directory, as EXAI_ALLOWED_ROOTS is unset';
  if (problems.length > 0) {
    return {
      name: 'allowed roots',
      status: 'fail',
      detail: problems.join('; '),
      fix: 'list existing directories in EXAI_ALLOWED_ROOTS, separated by ":" (";" on Windows)',
    };
  }
  return { name: 'allowed roots', status: 'ok', detail: `${roots.join(', ')} (${source})` };
}

/** Whether the tool selection (`EXAI_TOOL_PROFILE`, `EXAI_TOOLS_ENABLED/DISABLED`) is valid and loads. */
export function checkTools(env: Record<string, string | undefined>): DoctorCheck {
  try {
    const { profile, tools, loadErrors } = selectToolsFromEnvironment(env);
    if (loadErrors.length > 0) {
      return {
        name: 'tools',
        status: 'fail',
        detail: loadErrors.map((failure) => `${failure.name} failed to load: ${failure.message}`).join('; '),
        fix: 'leave the failing tools out with EXAI_TOOLS_DISABLED, and report the error',
      };
    }
    return {
      name: 'tools',
      status: 'ok',
      detail: `${profile} profile: ${tools.map((tool) => tool.name).join(', ')}`,
    };
  } catch (error) {
    return {
      name: 'tools',
      status: 'fail',
      detail: errorMessage(error),
      fix: 'fix EXAI_TOOL_PROFILE, EXAI_TOOLS_ENABLED or EXAI_TOOLS_DISABLED (see exai tools)',
    };
  }
}
