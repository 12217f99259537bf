import { describe, expect, it } from 'vitest';
import { allowedRootsFromEnvironment } from './allowed-roots-from-environment.js';

describe('allowedRootsFromEnvironment', () => {
  const posix = { platform: 'linux' as const, homeDirectory: '/home/me' };

  it('is the working directory when EXAI_ALLOWED_ROOTS is unset or blank', () => {
    expect(allowedRootsFromEnvironment({}, '/work/proj', posix)).toEqual(['/work/proj']);
    expect(allowedRootsFromEnvironment({ EXAI_ALLOWED_ROOTS: '  ' }, '/work/proj/', posix)).toEqual([
      '/work/proj',
    ]);
    expect(allowedRootsFromEnvironment({ EXAI_ALLOWED_ROOTS: ':::' }, '/work/proj', posix)).toEqual([
      '/work/proj',
    ]);
  });

  it('splits on ":" and resolves relative entries and "~" (POSIX)', () => {
    const env = { EXAI_ALLOWED_ROOTS: '/srv/a: ../b ::~/code:~' };
    expect(allowedRootsFromEnvironment(env, '/work/proj', posix)).toEqual([
      '/srv/a',
      '/work/b',
      '/home/me/code',
      '/home/me',
    ]);
  });

  it('replaces the working directory rather than adding to it, and drops duplicates', () => {
    const env = { EXAI_ALLOWED_ROOTS: '/srv/a/:/srv/a:/srv/b/../a' };
    expect(allowedRootsFromEnvironment(env, '/work/proj', posix)).toEqual(['/srv/a']);
  });

  it('splits on ";" and ignores case for duplicates on Windows', () => {
    const env = { EXAI_ALLOWED_ROOTS: 'C:\\code\\a;rel\\b;D:/data/;c:\\CODE\\A;~\\notes' };
    expect(
      allowedRootsFromEnvironment(env, 'C:\\work', { platform: 'win32', homeDirectory: 'C:\\Users\\me' }),
    ).toEqual(['C:\\code\\a', 'C:\\work\\rel\\b', 'D:\\data', 'C:\\Users\\me\\notes']);
  });
});
