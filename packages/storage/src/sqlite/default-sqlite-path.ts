import { homedir } from 'node:os';
import { posix, win32 } from 'node:path';

/**
 * Where the SQLite store lives by default, in the user's data directory:
 * Linux and other Unixes `$XDG_DATA_HOME/exai/exai.db` (else `~/.local/share/exai/exai.db`),
 * macOS `~/Library/Application Support/exai/exai.db`, Windows `%LOCALAPPDATA%\exai\exai.db`.
 */
export function defaultSqlitePath(
  env: Record<string, string | undefined> = process.env,
  platform: NodeJS.Platform = process.platform,
): string {
  if (platform === 'win32') {
    const localAppData =
      nonEmpty(env.LOCALAPPDATA) ?? win32.join(nonEmpty(env.USERPROFILE) ?? homedir(), 'AppData', 'Local');
    return win32.join(localAppData, 'exai', 'exai.db');
  }
  const home = nonEmpty(env.HOME) ?? homedir();
  if (platform === 'darwin') return posix.join(home, 'Library', 'Application Support', 'exai', 'exai.db');
  // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdgDataHome = nonEmpty(env.XDG_DATA_HOME);
  const dataHome =
    xdgDataHome !== undefined && posix.isAbsolute(xdgDataHome)
      ? xdgDataHome
      : posix.join(home, '.local', 'share');
  return posix.join(dataHome, 'exai', 'exai.db');
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}
