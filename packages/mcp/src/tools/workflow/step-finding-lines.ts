import type { WorkflowStepRecord } from './workflow-state.js';
import { renderIssue } from './workflow-summary.js';

/** Most characters of a step's findings its stored turn keeps; the whole step lives in the workflow state. */
const FINDINGS_CHARACTERS = 4_000;

/**
 * What one step found, a line per field it recorded (empty fields left out): the part of a step's
 * stored turn below its heading.
 */
export function stepFindingLines(record: WorkflowStepRecord): string[] {
  const lines: string[] = [];
  const findings = record.findings.trim();
  if (findings !== '') {
    const cut =
      findings.length > FINDINGS_CHARACTERS ? `${findings.slice(0, FINDINGS_CHARACTERS - 1)}…` : findings;
    lines.push(`Findings: ${cut}`);
  }
  const list = (label: string, values: readonly string[]) => {
    if (values.length > 0) lines.push(`${label}: ${values.join(', ')}`);
  };
  list('Files checked', record.filesChecked);
  list('Relevant files', record.relevantFiles);
  list('Relevant context', record.relevantContext);
  if (record.issues.length > 0) {
    lines.push(`Issues found: ${record.issues.length}`);
    for (const issue of record.issues) lines.push(`- ${renderIssue(issue)}`);
  }
  if (record.hypothesis !== undefined) lines.push(`Hypothesis: ${record.hypothesis}`);
  if (record.confidence !== undefined) lines.push(`Confidence: ${record.confidence}`);
  const settings = Object.entries(record.extras).filter(
    ([, value]) => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean',
  );
  if (settings.length > 0) {
    lines.push(`Settings: ${settings.map(([name, value]) => `${name}=${String(value)}`).join(', ')}`);
  }
  return lines;
}
