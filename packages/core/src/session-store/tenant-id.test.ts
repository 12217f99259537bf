import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { printableTenantId, requireTenantId, tenantIdProblem } from './tenant-id.js';

describe('tenant ids', () => {
  it('takes any non-blank id without control or invisible characters', () => {
    for (const id of ['default', 'acme', 'team-42', 'org_7.eu', 'Acme Corp', 'équipe', '株式会社', 'a@b.c']) {
      expect(tenantIdProblem(id), id).toBeUndefined();
      expect(requireTenantId('id', id)).toBe(id);
    }
  });

  it('says which character is refused, where, and what to use instead, on one printable line', () => {
    expect(tenantIdProblem('ac\u001bme')).toBe(
      'holds U+001B at character 3, a control or invisible character; use letters, digits and punctuation (e.g. acme or team-42)',
    );
    expect(tenantIdProblem('株\u200b')).toMatch(/^holds U\+200B at character 2,/);
    expect(tenantIdProblem('  ')).toBe('is blank');
    const error = (() => {
      try {
        requireTenantId('tenantClaim', 'acme\n\u009b2J');
      } catch (caught) {
        return caught;
      }
    })();
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect((error as InvalidArgumentError).argument).toBe('tenantClaim');
    expect((error as Error).message).toBe(
      '`tenantClaim`: the tenant id "acme\\u{a}\\u{9b}2J" holds U+000A at character 5, a control or invisible ' +
        'character; use letters, digits and punctuation (e.g. acme or team-42).',
    );
    expect(printableTenantId('a\u202eb\ud800')).toBe('a\\u{202e}b\\u{d800}');
  });

  it('refuses a blank id or a value that is not a string as the other store ids are refused', () => {
    expect(() => requireTenantId('id', ' ')).toThrow('`id` must be a non-empty string, not " "');
    expect(() => requireTenantId('id', 7)).toThrow('`id` must be a non-empty string, not 7');
  });
});
