/**
 * `npm run audit:production`: `npm audit --omit=dev`, failing only on advisories that are not in
 * `audit-allowlist.json` (each entry with a reason and an expiry date; see docs/release.md).
 * Needs the registry's audit service: when it cannot be reached the check says so and fails,
 * since nothing was checked. CI runs it in its own job; it is not part of `npm test`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { promisify } from 'node:util';

import {
  findUnallowedAdvisories,
  listAdvisories,
  type AllowedAdvisory,
} from './audit/find-unallowed-advisories.js';

const run = promisify(execFile);
const { advisories: allowed } = JSON.parse(readFileSync('audit-allowlist.json', 'utf8')) as {
  advisories: AllowedAdvisory[];
};

const output = await run('npm', ['audit', '--omit=dev', '--json'], { maxBuffer: 64 * 1024 * 1024 }).then(
  ({ stdout }) => stdout,
  (error: { stdout?: string }) => error.stdout ?? '',
);
let report: { vulnerabilities?: object; error?: unknown; message?: string };
try {
  report = JSON.parse(output) as typeof report;
} catch {
  report = { message: output.trim() || 'no output' };
}
if (report.vulnerabilities === undefined) {
  console.error(
    `audit: the registry's audit service did not answer (${report.message ?? 'unknown error'}): nothing was checked.`,
  );
  process.exit(3);
}

const advisories = listAdvisories(report as Parameters<typeof listAdvisories>[0]);
const today = new Date().toISOString().slice(0, 10);
const failing = findUnallowedAdvisories({ advisories, allowed, today });
for (const advisory of advisories) {
  const mark = failing.includes(advisory) ? 'FAIL' : 'allowed';
  console.log(
    `${mark}  ${advisory.severity}  ${advisory.packageName}  ${advisory.id}  ${advisory.title}  ${advisory.url}`,
  );
}
console.log(
  `audit: ${advisories.length} advisories in production dependencies, ${failing.length} not allowed.`,
);
if (failing.length > 0) {
  console.error(
    'audit: upgrade the dependency, or add the advisory to audit-allowlist.json with a reason and an until date.',
  );
  process.exit(1);
}
