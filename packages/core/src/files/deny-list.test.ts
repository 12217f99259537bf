import { describe, expect, it } from 'vitest';
import { buildDenyList, denyMatchError, findDenyMatch } from './deny-list.js';
import { pathPlatformFor } from './path-platform.js';

function denyRule(
  candidate: string,
  {
    platform = 'linux',
    homeDirectory = '/home/me',
    roots = ['/home/me/proj'],
    denyPaths = [],
  }: { platform?: NodeJS.Platform; homeDirectory?: string; roots?: string[]; denyPaths?: string[] } = {},
): string | undefined {
  const pathPlatform = pathPlatformFor(platform);
  const entries = buildDenyList({ pathPlatform, homeDirectory, denyPaths, relativeTo: roots[0] ?? '' });
  return findDenyMatch(candidate, { entries, roots, pathPlatform })?.rule;
}

describe('the deny list', () => {
  it('refuses system folders on POSIX', () => {
    for (const path of [
      '/etc/passwd',
      '/etc',
      '/proc/self/environ',
      '/sys/kernel',
      '/dev/zero',
      '/boot/vmlinuz',
      '/root/.bashrc',
      '/var/run/docker.sock',
      '/run/secrets/db',
      '/private/etc/hosts',
    ]) {
      expect(denyRule(path, { roots: ['/'] }), path).toBe('system-path');
    }
    expect(denyRule('/etcetera/a.txt', { roots: ['/'] })).toBeUndefined();
    expect(denyRule('/home/me/proj/etc/a.txt')).toBeUndefined();
  });

  it('refuses credential folders in the home directory, whatever the roots', () => {
    for (const path of [
      '/home/me/.ssh/id_ed25519',
      '/home/me/.aws/credentials',
      '/home/me/.gnupg/x',
      '/home/me/.config/gcloud/adc.json',
      '/home/me/.kube/config',
      '/home/me/.docker/config.json',
    ]) {
      expect(denyRule(path, { roots: ['/home/me'] }), path).toBe('system-path');
    }
    expect(denyRule('/root/.ssh/id_rsa.pub', { homeDirectory: '/root', roots: ['/root'] })).toBe(
      'system-path',
    );
    expect(denyRule('/home/me/.config/other/x.json', { roots: ['/home/me'] })).toBeUndefined();
  });

  it('lets a root inside a waivable system folder be read, and nothing else there', () => {
    const options = { homeDirectory: '/root', roots: ['/root/app'] };
    expect(denyRule('/root/app/src/a.ts', options)).toBeUndefined();
    expect(denyRule('/root/.bash_history', options)).toBe('system-path');
    expect(denyRule('/root/.ssh/id_rsa', { homeDirectory: '/root', roots: ['/root'] })).toBe('system-path');
    expect(denyRule('/proc/1/environ', { roots: ['/proc'] })).toBe('system-path');
    expect(denyRule('/run/secrets/db', { roots: ['/run/secrets'] })).toBe('system-path');
  });

  it('refuses secret-bearing file names anywhere', () => {
    const secret = [
      '.env',
      '.env.local',
      '.ENV.production',
      'prod.env',
      '.envrc',
      'server.pem',
      'tls.key',
      'cert.p12',
      'id_rsa',
      'id_ed25519_work',
      '.netrc',
      '_netrc',
      '.npmrc',
      '.pypirc',
      '.git-credentials',
      '.pgpass',
      'vault.kdbx',
    ];
    for (const name of secret) expect(denyRule(`/home/me/proj/${name}`), name).toBe('secret-file');
    const fine = [
      '.env.example',
      '.env.sample',
      '.env.template',
      'id_rsa.pub',
      'environment.ts',
      'env.ts',
      'keys.ts',
      'npmrc.md',
      'README.md',
    ];
    for (const name of fine) expect(denyRule(`/home/me/proj/${name}`), name).toBeUndefined();
  });

  it('adds the denyPaths option, relative entries against the first root', () => {
    const options = { denyPaths: ['secrets', '/srv/private'] };
    expect(denyRule('/home/me/proj/secrets/a.txt', options)).toBe('system-path');
    expect(denyRule('/srv/private', options)).toBe('system-path');
    expect(denyRule('/home/me/proj/secrets-not/a.txt', options)).toBeUndefined();
    const pathPlatform = pathPlatformFor('linux');
    const entries = buildDenyList({
      pathPlatform,
      homeDirectory: '',
      denyPaths: ['/srv/private'],
      relativeTo: '/',
    });
    const match = findDenyMatch('/srv/private/a', { entries, roots: ['/'], pathPlatform });
    expect(match && denyMatchError('/srv/private/a', match).message).toContain(
      'denyPaths option; remove that entry',
    );
  });

  it('ignores case on macOS', () => {
    expect(denyRule('/ETC/passwd', { platform: 'darwin', roots: ['/'] })).toBe('system-path');
    expect(
      denyRule('/Users/me/.SSH/id_rsa', {
        platform: 'darwin',
        homeDirectory: '/Users/me',
        roots: ['/Users/me'],
      }),
    ).toBe('system-path');
    expect(denyRule('/ETC/passwd', { roots: ['/'] })).toBeUndefined();
  });

  it('refuses Windows system folders on every drive, any case', () => {
    const options = { platform: 'win32' as const, homeDirectory: 'C:\\Users\\me', roots: ['C:\\'] };
    for (const path of [
      'C:\\Windows\\System32\\drivers\\etc\\hosts',
      'D:\\WINDOWS\\win.ini',
      'c:\\program files\\app\\x.dll',
      'C:\\Program Files (x86)\\x',
      'C:\\ProgramData\\x',
      'c:\\users\\ME\\.SSH\\id_rsa',
      'C:\\Users\\me\\.aws\\credentials',
    ]) {
      expect(denyRule(path, options), path).toBe('system-path');
    }
    expect(denyRule('C:\\Users\\me\\proj\\.env', options)).toBe('secret-file');
    expect(denyRule('C:\\Users\\me\\proj\\Windows\\a.ts', options)).toBeUndefined();
    expect(denyRule('C:\\Windows.old.txt', options)).toBeUndefined();
  });

  it('explains system and secret refusals with a way forward', () => {
    const pathPlatform = pathPlatformFor('linux');
    const entries = buildDenyList({
      pathPlatform,
      homeDirectory: '/home/me',
      denyPaths: [],
      relativeTo: '/',
    });
    const system = findDenyMatch('/etc/shadow', { entries, roots: ['/'], pathPlatform });
    const secret = findDenyMatch('/home/me/proj/.env', { entries, roots: ['/home/me/proj'], pathPlatform });
    expect(system && denyMatchError('/etc/shadow', system).message).toBe(
      'The path "/etc/shadow" is inside /etc (system configuration), which exai never reads; copy the part you need into your project and pass that.',
    );
    expect(secret && denyMatchError('.env', secret).message).toContain(
      'pass a copy with the secrets removed',
    );
  });
});
