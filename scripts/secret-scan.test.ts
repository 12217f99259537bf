/**
 * Scans every file git tracks for credential-shaped strings (API keys, AWS keys, private key
 * blocks, JWTs, GitHub and Slack tokens). Test files that need fake keys are listed, with the
 * reason, in secret-scan-allowlist.json; an entry for a file that no longer needs it fails too.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { findSecrets } from './secrets/find-secrets.js';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const allowlist = JSON.parse(readFileSync(join(root, 'secret-scan-allowlist.json'), 'utf8')) as {
  files: Array<{ path: string; reason: string }>;
};

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' })
    .split('\0')
    .filter((path) => path !== '' && path !== 'package-lock.json');
}

function readText(path: string): string | undefined {
  try {
    const buffer = readFileSync(join(root, path));
    return buffer.includes(0) ? undefined : buffer.toString('utf8');
  } catch {
    return undefined; // deleted in the work tree but still in the index
  }
}

describe('secret scan of the tracked files', () => {
  const findings = trackedFiles().flatMap((path) => {
    const text = readText(path);
    return text === undefined ? [] : findSecrets({ path, text });
  });

  it('finds no credential-shaped string outside the allow-listed test files', () => {
    const allowed = new Set(allowlist.files.map((entry) => entry.path));
    const unexpected = findings
      .filter((finding) => !allowed.has(finding.path))
      .map((finding) => `${finding.path}:${finding.line}: ${finding.kind} (${finding.excerpt})`);
    expect(unexpected).toEqual([]);
  });

  it('keeps every allow-list entry needed and explained', () => {
    const flagged = new Set(findings.map((finding) => finding.path));
    for (const entry of allowlist.files) {
      expect(entry.reason.trim(), `${entry.path} needs a reason`).not.toBe('');
      expect(flagged.has(entry.path), `${entry.path} has no key-shaped string any more: remove it`).toBe(
        true,
      );
    }
  });
});

describe('findSecrets', () => {
  it('recognises each credential shape and masks it', () => {
    const text = [
      `const openai = "sk-proj-${'a1B2'.repeat(8)}";`,
      `aws = ${'AKIA'}${'ABCDEFGHIJKLMNOP'}`,
      `-----BEGIN ${'RSA PRIVATE KEY'}-----`,
      `eyJ${'hbGciOiJIUzI1NiJ9'}.eyJ${'zdWIiOiIxMjM0In0'}.${'c2lnbmF0dXJlLXNpZw'}`,
      `token: gh${'p_'}${'x'.repeat(36)}`,
    ].join('\n');
    const found = findSecrets({ path: 'x.ts', text });
    expect(found.map((finding) => [finding.line, finding.kind])).toEqual([
      [1, 'OpenAI/Anthropic-style API key'],
      [2, 'AWS access key id'],
      [3, 'private key block'],
      [4, 'JWT'],
      [5, 'GitHub token'],
    ]);
    expect(found[0]?.excerpt).toBe('sk-pro…B2');
  });

  it('leaves placeholders alone', () => {
    expect(findSecrets({ path: 'README.md', text: 'export KIMI_API_KEY=sk-...\nKEY=sk-test' })).toEqual([]);
  });
});
