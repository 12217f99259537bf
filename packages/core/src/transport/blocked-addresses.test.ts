import { describe, expect, it } from 'vitest';
import { blockedAddressReason, blockedHostReason } from './blocked-addresses.js';

describe('blocked addresses', () => {
  it('gives the same verdict on a repeated check as on the first', () => {
    const cases: [string, string | undefined][] = [
      ['169.254.169.254', 'cloud metadata'],
      ['169.254.10.1', 'link-local'],
      ['[fe80::1]', 'link-local'],
      ['::ffff:169.254.169.254', 'cloud metadata'],
      ['METADATA.google.internal.', 'cloud metadata'],
      ['127.0.0.1', undefined],
      ['api.example.com', undefined],
    ];
    for (let pass = 0; pass < 2; pass++) {
      for (const [host, reason] of cases) expect(blockedHostReason(host), host).toBe(reason);
    }
    expect(blockedAddressReason('fd00:ec2::254')).toBe('cloud metadata');
    expect(blockedAddressReason('fd00:ec2::254')).toBe('cloud metadata');
  });

  it('keeps its verdicts right after many distinct hosts', () => {
    for (let index = 0; index < 1000; index++) blockedHostReason(`10.0.${index >> 8}.${index & 255}`);
    expect(blockedHostReason('169.254.169.254')).toBe('cloud metadata');
    expect(blockedHostReason('10.0.0.1')).toBeUndefined();
  });
});
