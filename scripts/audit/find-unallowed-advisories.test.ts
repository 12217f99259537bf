import { describe, expect, it } from 'vitest';

import { findUnallowedAdvisories, listAdvisories } from './find-unallowed-advisories.js';

const report = {
  vulnerabilities: {
    'bad-lib': {
      via: [
        {
          source: 1001,
          name: 'bad-lib',
          title: 'Prototype pollution',
          url: 'https://github.com/advisories/GHSA-aaaa-bbbb-cccc',
          severity: 'high',
        },
      ],
    },
    'uses-bad-lib': { via: ['bad-lib'] },
    'slow-regex': {
      via: [
        {
          source: 1002,
          name: 'slow-regex',
          title: 'ReDoS',
          url: 'https://github.com/advisories/GHSA-dddd-eeee-ffff',
          severity: 'moderate',
        },
      ],
    },
  },
};

describe('the production audit allow-list', () => {
  it('lists each advisory once, skipping the packages that only reach it through another', () => {
    expect(listAdvisories(report).map((advisory) => [advisory.id, advisory.packageName])).toEqual([
      ['GHSA-aaaa-bbbb-cccc', 'bad-lib'],
      ['GHSA-dddd-eeee-ffff', 'slow-regex'],
    ]);
  });

  it('fails only on advisories without a current allow-list entry', () => {
    const advisories = listAdvisories(report);
    const allowed = [
      { id: 'GHSA-dddd-eeee-ffff', reason: 'only reachable with trusted input', until: '2027-01-01' },
    ];
    expect(findUnallowedAdvisories({ advisories, allowed, today: '2026-12-07' }).map((a) => a.id)).toEqual([
      'GHSA-aaaa-bbbb-cccc',
    ]);
  });

  it('stops allowing an advisory on the entry’s until date', () => {
    const advisories = listAdvisories(report);
    const allowed = [
      { id: 'GHSA-aaaa-bbbb-cccc', reason: 'r', until: '2027-01-01' },
      { id: 'GHSA-dddd-eeee-ffff', reason: 'r', until: '2026-12-07' },
    ];
    expect(findUnallowedAdvisories({ advisories, allowed, today: '2026-12-07' }).map((a) => a.id)).toEqual([
      'GHSA-dddd-eeee-ffff',
    ]);
  });

  it('passes a clean report', () => {
    expect(listAdvisories({ vulnerabilities: {} })).toEqual([]);
  });
});
