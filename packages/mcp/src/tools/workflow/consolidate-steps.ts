import type { WorkflowStepRecord } from './workflow-state.js';
import { issueSeverities, type Confidence, type WorkflowIssue } from './workflow-step-schema.js';

/** What the steps of a workflow add up to. */
export interface ConsolidatedFindings {
  stepCount: number;
  /** Each step's findings, oldest first. */
  findings: Array<{ stepNumber: number; text: string }>;
  filesChecked: string[];
  /** Newest step's files first: the order they are embedded in when the budget is tight. */
  relevantFiles: string[];
  relevantContext: string[];
  /** Deduplicated, most severe first. */
  issues: WorkflowIssue[];
  /** Every hypothesis stated, oldest first (consecutive repeats dropped). */
  hypotheses: Array<{ stepNumber: number; text: string }>;
  /** The latest step's confidence. */
  confidence: Confidence | undefined;
  /** The tool's own fields, the latest value of each. */
  settings: Record<string, unknown>;
}

/** Merges the recorded steps: lists deduplicated, issues ranked by severity, latest settings win. */
export function consolidateSteps(steps: readonly WorkflowStepRecord[]): ConsolidatedFindings {
  const filesChecked = new Set<string>();
  const relevantContext = new Set<string>();
  const issues = new Map<string, WorkflowIssue>();
  const hypotheses: Array<{ stepNumber: number; text: string }> = [];
  const settings: Record<string, unknown> = {};
  for (const step of steps) {
    for (const path of [...step.filesChecked, ...step.relevantFiles]) filesChecked.add(path);
    for (const symbol of step.relevantContext) relevantContext.add(symbol);
    for (const issue of step.issues) {
      const key = issueKey(issue);
      if (!issues.has(key)) issues.set(key, issue);
    }
    const hypothesis = step.hypothesis?.trim();
    if (hypothesis && hypotheses.at(-1)?.text !== hypothesis) {
      hypotheses.push({ stepNumber: step.stepNumber, text: hypothesis });
    }
    for (const [name, value] of Object.entries(step.extras)) if (value !== undefined) settings[name] = value;
  }
  const relevantFiles = new Set<string>();
  for (const step of [...steps].reverse()) for (const path of step.relevantFiles) relevantFiles.add(path);
  const rank = (issue: WorkflowIssue) => issueSeverities.indexOf(issue.severity);
  return {
    stepCount: steps.length,
    findings: steps
      .filter((step) => step.findings.trim() !== '')
      .map((step) => ({ stepNumber: step.stepNumber, text: step.findings.trim() })),
    filesChecked: [...filesChecked],
    relevantFiles: [...relevantFiles],
    relevantContext: [...relevantContext],
    issues: [...issues.values()].sort((a, b) => rank(a) - rank(b)),
    hypotheses,
    confidence: steps.at(-1)?.confidence,
    settings,
  };
}

/** Two reports of one issue: same severity, file, line and (whitespace- and case-insensitive) text. */
function issueKey(issue: WorkflowIssue): string {
  const text = issue.description.trim().replace(/\s+/g, ' ').toLowerCase();
  return JSON.stringify([issue.severity, issue.file ?? '', issue.line ?? '', text]);
}

/** `3 issues (1 high, 2 low)`, or `no issues`. */
export function describeIssueCounts(issues: readonly WorkflowIssue[]): string {
  if (issues.length === 0) return 'no issues';
  const counts = issueSeverities
    .map((severity) => [severity, issues.filter((issue) => issue.severity === severity).length] as const)
    .filter(([, count]) => count > 0)
    .map(([severity, count]) => `${count} ${severity}`);
  return `${issues.length} issue${issues.length === 1 ? '' : 's'} (${counts.join(', ')})`;
}
