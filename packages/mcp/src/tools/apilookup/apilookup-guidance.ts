export const APILOOKUP_DESCRIPTION = [
  'Use before writing code against an API, SDK or library version you may know only from training',
  'data: returns what to search with your own web tools, which sources to trust and what to check.',
  'Calls no model.',
].join(' ');

/** What the calling assistant should do to find current documentation. */
export interface ApiLookupGuidance {
  query: string;
  today: string;
  search_queries: string[];
  preferred_sources: string[];
  checks: string[];
  instructions: string;
}

/** The guidance for looking `query` up (optionally pinned to `version`) on `today` (YYYY-MM-DD). */
export function apiLookupGuidance({
  query,
  version,
  today,
}: {
  query: string;
  version?: string;
  today: string;
}): ApiLookupGuidance {
  const subject = version === undefined ? query : `${query} ${version}`;
  const year = today.slice(0, 4);
  const search_queries = [
    `${subject} official documentation`,
    `${query} latest version release notes ${year}`,
    `${subject} changelog breaking changes migration guide`,
  ];
  const preferred_sources = [
    "the vendor's official documentation and API reference",
    "the project's repository: releases, CHANGELOG, migration guides",
    'its package registry page (npm, PyPI, crates.io, pkg.go.dev, Maven Central…) for the latest version and date',
  ];
  const checks = [
    version === undefined
      ? 'Find the latest stable version and its release date; say which version the docs you read describe.'
      : `Confirm ${version} exists, whether it is still current, and what replaced it if not.`,
    'Note each page’s last-updated date; distrust blog posts and answers older than the current major version.',
    'Look for deprecations and breaking changes between the version in use and the latest one.',
    'Cite the URLs you relied on, and check the project’s own lockfile or manifest for the version it uses.',
  ];
  const instructions = [
    `Look up current documentation for: ${subject}. Today is ${today}; your training data may be out of date.`,
    'Use your own web search and fetch tools now, before answering or writing code:',
    ...search_queries.map((search) => `- search: ${search}`),
    'Prefer, in this order:',
    ...preferred_sources.map((source) => `- ${source}`),
    'Check:',
    ...checks.map((check) => `- ${check}`),
    'Then answer from what you found, not from memory, and say what you could not confirm.',
  ].join('\n');
  return { query, today, search_queries, preferred_sources, checks, instructions };
}
