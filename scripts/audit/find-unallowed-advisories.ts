/** One advisory npm audit reported against an installed package. */
export interface Advisory {
  /** The GitHub advisory id, `GHSA-xxxx-xxxx-xxxx`. */
  id: string;
  packageName: string;
  severity: string;
  title: string;
  url: string;
}

/** An advisory accepted on purpose, with why and until when. */
export interface AllowedAdvisory {
  id: string;
  reason: string;
  /** `YYYY-MM-DD`: from this day on the entry no longer applies, so it gets reviewed. */
  until: string;
}

interface AuditReport {
  vulnerabilities?: Record<
    string,
    {
      via?: Array<
        string | { source?: number; name?: string; title?: string; url?: string; severity?: string }
      >;
    }
  >;
}

/** The advisories in `npm audit --json` output (version 2), each once. */
export function listAdvisories(report: AuditReport): Advisory[] {
  const advisories = new Map<string, Advisory>();
  for (const [packageName, vulnerability] of Object.entries(report.vulnerabilities ?? {})) {
    for (const via of vulnerability.via ?? []) {
      if (typeof via === 'string') continue; // reached through another package, listed there
      const url = via.url ?? '';
      const id = /GHSA-[\w-]+/.exec(url)?.[0] ?? String(via.source ?? url);
      advisories.set(`${id} ${via.name ?? packageName}`, {
        id,
        packageName: via.name ?? packageName,
        severity: via.severity ?? 'unknown',
        title: via.title ?? '',
        url,
      });
    }
  }
  return [...advisories.values()];
}

export interface FindUnallowedAdvisoriesOptions {
  advisories: readonly Advisory[];
  allowed: readonly AllowedAdvisory[];
  /** Today, `YYYY-MM-DD`. */
  today: string;
}

/** Advisories not covered by a current allow-list entry: the ones that fail the check. */
export function findUnallowedAdvisories({
  advisories,
  allowed,
  today,
}: FindUnallowedAdvisoriesOptions): Advisory[] {
  const current = new Set(allowed.filter((entry) => entry.until > today).map((entry) => entry.id));
  return advisories.filter((advisory) => !current.has(advisory.id));
}
