import { describe, expect, it } from 'vitest';
import { PathNotAllowedError, type PathNotAllowedRule } from '../errors/path-not-allowed-error.js';
import { pathPlatformFor } from './path-platform.js';
import { resolveLexically } from './resolve-lexically.js';

function ruleOf(run: () => unknown): PathNotAllowedRule | 'accepted' {
  try {
    run();
    return 'accepted';
  } catch (error) {
    if (PathNotAllowedError.isInstance(error)) return error.rule;
    throw error;
  }
}

describe('resolveLexically on POSIX', () => {
  const pathPlatform = pathPlatformFor('linux');
  const roots = ['/work/proj'];
  const resolve = (input: string) => resolveLexically(input, { roots, pathPlatform });

  it('resolves relative paths against the first root and normalises absolute ones', () => {
    expect(resolve('src/a.ts')).toBe('/work/proj/src/a.ts');
    expect(resolve('./src//a.ts')).toBe('/work/proj/src/a.ts');
    expect(resolve('/work/proj/src/../a.ts')).toBe('/work/proj/a.ts');
    expect(resolve('/work/proj/')).toBe('/work/proj');
    expect(resolve('//work/proj/a')).toBe('/work/proj/a');
    expect(resolve('../proj/x')).toBe('/work/proj/x');
  });

  it('refuses ".." that leaves the root as traversal', () => {
    for (const input of [
      '/work/proj/../etc/passwd',
      'a/../../x',
      '../../etc/passwd',
      './../proj2/x',
      'a/b/../../../x',
    ]) {
      expect(
        ruleOf(() => resolve(input)),
        input,
      ).toBe('traversal');
    }
  });

  it('refuses paths outside the roots, naming the roots and EXAI_ALLOWED_ROOTS', () => {
    expect(ruleOf(() => resolve('/etc/passwd'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('/work/proj-other/a.ts'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('/work'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('/etc/../etc/passwd'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('/../etc/passwd'))).toBe('outside-roots');
    expect(() => resolve('/etc/passwd')).toThrow(
      'The path "/etc/passwd" is outside the allowed roots (/work/proj); add its folder to EXAI_ALLOWED_ROOTS.',
    );
  });

  it('treats percent-encoded dots and backslashes as the literal names they are on POSIX', () => {
    expect(resolve('%2e%2e/%2e%2e/etc/passwd')).toBe('/work/proj/%2e%2e/%2e%2e/etc/passwd');
    expect(resolve('..\\..\\etc\\passwd')).toBe('/work/proj/..\\..\\etc\\passwd');
  });

  it('refuses NUL bytes and empty paths', () => {
    expect(ruleOf(() => resolve('a.ts\0.png'))).toBe('null-byte');
    expect(ruleOf(() => resolve('/work/proj/\0'))).toBe('null-byte');
    expect(ruleOf(() => resolve('  '))).toBe('invalid-path');
  });

  it('accepts a path inside a root’s real location', () => {
    const options = { roots: ['/home/me/link'], realRoots: ['/data/proj'], pathPlatform };
    expect(resolveLexically('/data/proj/a.ts', options)).toBe('/data/proj/a.ts');
    expect(resolveLexically('a.ts', options)).toBe('/home/me/link/a.ts');
  });

  it('names every root in the message', () => {
    expect(() => resolveLexically('/x', { roots: ['/a', '/b'], pathPlatform })).toThrow(
      'outside the allowed roots (/a, /b)',
    );
  });
});

describe('resolveLexically on Windows', () => {
  const pathPlatform = pathPlatformFor('win32');
  const roots = ['C:\\Users\\me\\proj'];
  const resolve = (input: string) => resolveLexically(input, { roots, pathPlatform });

  it('accepts both separators, drive letters and any case', () => {
    expect(resolve('src\\a.ts')).toBe('C:\\Users\\me\\proj\\src\\a.ts');
    expect(resolve('src/a.ts')).toBe('C:\\Users\\me\\proj\\src\\a.ts');
    expect(resolve('C:/Users/me/proj/a.ts')).toBe('C:\\Users\\me\\proj\\a.ts');
    expect(resolve('c:\\USERS\\ME\\PROJ\\a.ts')).toBe('c:\\USERS\\ME\\PROJ\\a.ts');
    expect(resolve('C:\\Users\\me\\proj\\')).toBe('C:\\Users\\me\\proj');
    expect(resolve('connection.ts')).toBe('C:\\Users\\me\\proj\\connection.ts');
    expect(resolve('console\\nullable.ts')).toBe('C:\\Users\\me\\proj\\console\\nullable.ts');
    expect(resolve('com10.txt')).toBe('C:\\Users\\me\\proj\\com10.txt');
  });

  it('refuses ".." escapes with either separator', () => {
    for (const input of [
      '..\\..\\Windows\\win.ini',
      'a\\..\\..\\x',
      'a/../..\\x',
      'C:\\Users\\me\\proj\\..\\other',
    ]) {
      expect(
        ruleOf(() => resolve(input)),
        input,
      ).toBe('traversal');
    }
  });

  it('refuses other drives and sibling folders', () => {
    expect(ruleOf(() => resolve('D:\\proj\\a.ts'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('D:\\proj\\..\\a.ts'))).toBe('outside-roots');
    expect(ruleOf(() => resolve('C:\\Users\\me\\project2\\a.ts'))).toBe('outside-roots');
  });

  it('refuses UNC paths', () => {
    expect(ruleOf(() => resolve('\\\\server\\share\\a.ts'))).toBe('unc-path');
    expect(ruleOf(() => resolve('//server/share/a.ts'))).toBe('unc-path');
    expect(ruleOf(() => resolve('\\/server\\share'))).toBe('unc-path');
  });

  it('refuses device namespaces and device names', () => {
    for (const input of [
      '\\\\?\\C:\\Users\\me\\proj\\a.ts',
      '//?/C:/Users/me/proj/a.ts',
      '\\\\.\\PhysicalDrive0',
      '\\??\\C:\\Users\\me\\proj\\a.ts',
      'CON',
      'nul',
      'NUL.txt',
      'src\\COM1.log',
      'lpt9',
      'con .txt',
      'AUX.tar.gz',
      'CONIN$',
      'C:\\Users\\me\\proj\\prn',
    ]) {
      expect(
        ruleOf(() => resolve(input)),
        input,
      ).toBe('device-path');
    }
  });

  it('refuses drive-relative paths, paths without a drive, streams and names Windows rewrites', () => {
    for (const input of [
      'C:a.ts',
      'C:',
      '\\Users\\me\\proj\\a.ts',
      'a.ts:secret',
      'a.ts::$DATA',
      '.env.',
      'src\\a.ts ',
      '...',
      'a<b.ts',
      'a\u0001b.ts',
    ]) {
      expect(
        ruleOf(() => resolve(input)),
        input,
      ).toBe('invalid-path');
    }
  });

  it('explains UNC refusals with a fix', () => {
    expect(() => resolve('\\\\server\\share\\a.ts')).toThrow(/network \(UNC\) path.*EXAI_ALLOWED_ROOTS/);
  });
});
