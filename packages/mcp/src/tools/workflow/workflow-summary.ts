import { describeIssueCounts, type ConsolidatedFindings } from './consolidate-steps.js';
import type { WorkflowIssue } from './workflow-step-schema.js';

/** The consolidated findings as text, for the client and for the expert model alike. */
export function renderConsolidated(consolidated: ConsolidatedFindings): string {
  const { stepCount, confidence } = consolidated;
  const lines = [
    `## Consolidated findings (${stepCount} step${stepCount === 1 ? '' : 's'}` +
      `${confidence === undefined ? '' : `, confidence ${confidence}`})`,
  ];
  for (const finding of consolidated.findings) lines.push(`- Step ${finding.stepNumber}: ${finding.text}`);
  if (consolidated.findings.length === 0) lines.push('- (no findings recorded)');

  const [latest, ...earlier] = [...consolidated.hypotheses].reverse();
  if (latest !== undefined) {
    lines.push('', `Hypothesis (step ${latest.stepNumber}): ${latest.text}`);
    for (const hypothesis of earlier.reverse()) {
      lines.push(`- earlier, step ${hypothesis.stepNumber}: ${hypothesis.text}`);
    }
  }
  lines.push('', `Issues: ${describeIssueCounts(consolidated.issues)}`);
  for (const issue of consolidated.issues) lines.push(`- ${renderIssue(issue)}`);
  if (consolidated.relevantFiles.length > 0) {
    lines.push('', `Relevant files: ${consolidated.relevantFiles.join(', ')}`);
  }
  if (consolidated.relevantContext.length > 0) {
    lines.push(`Relevant context: ${consolidated.relevantContext.join(', ')}`);
  }
  lines.push(`Files checked: ${consolidated.filesChecked.length}`);
  const settings = Object.entries(consolidated.settings).filter(([, value]) => value !== undefined);
  if (settings.length > 0) {
    lines.push(`Settings: ${settings.map(([name, value]) => `${name}=${String(value)}`).join(', ')}`);
  }
  return lines.join('\n');
}

/** `[high] Token compared with == (src/auth.ts:42)` */
export function renderIssue(issue: WorkflowIssue): string {
  const where =
    issue.file === undefined ? '' : ` (${issue.file}${issue.line === undefined ? '' : `:${issue.line}`})`;
  return `[${issue.severity}] ${issue.description}${where}`;
}
