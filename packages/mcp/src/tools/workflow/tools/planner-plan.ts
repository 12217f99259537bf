import { InvalidArgumentError } from '@exai/core';
import type { WorkflowStepRecord } from '../workflow-state.js';

/** A plan step's own fields, as the planner sends them. */
export interface PlannerFields {
  step_number: number;
  is_step_revision?: boolean | undefined;
  revises_step_number?: number | undefined;
  is_branch_point?: boolean | undefined;
  branch_from_step?: number | undefined;
  branch_id?: string | undefined;
}

/** One entry of the plan as it stands: revisions applied in place, branches named. */
export interface PlanEntry {
  step_number: number;
  step: string;
  branch_id?: string;
  branch_from_step?: number;
  /** The step whose text replaced this one's (the latest revision). */
  revised_in?: number;
}

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}

/** Checks revision and branch fields against the steps already recorded. */
export function checkPlanStep(input: PlannerFields, steps: readonly WorkflowStepRecord[]): void {
  const recorded = new Set(steps.map((step) => step.stepNumber));
  const listed = [...recorded].join(', ') || '(none)';
  if (input.is_step_revision) {
    const target = input.revises_step_number;
    if (target === undefined)
      fail('revises_step_number', 'is_step_revision needs revises_step_number: the step it revises.');
    if (!recorded.has(target)) {
      fail(
        'revises_step_number',
        `revises_step_number ${target} names no recorded step; the plan has steps ${listed}.`,
      );
    }
  } else if (input.revises_step_number !== undefined) {
    fail(
      'is_step_revision',
      'revises_step_number is given but is_step_revision is not true; set it to revise that step.',
    );
  }
  if (input.is_branch_point) {
    if (
      input.branch_from_step === undefined ||
      input.branch_id === undefined ||
      input.branch_id.trim() === ''
    ) {
      fail(
        'branch_from_step',
        'is_branch_point needs branch_from_step (the step it departs from) and a branch_id.',
      );
    }
    if (!recorded.has(input.branch_from_step)) {
      fail(
        'branch_from_step',
        `branch_from_step ${input.branch_from_step} names no recorded step; the plan has steps ${listed}.`,
      );
    }
    if (steps.some((step) => step.extras.branch_id === input.branch_id)) {
      fail(
        'branch_id',
        `The branch "${input.branch_id}" already exists; continue it without is_branch_point, or pick a new branch_id.`,
      );
    }
  } else if (
    input.branch_id !== undefined &&
    !steps.some((step) => step.extras.branch_id === input.branch_id)
  ) {
    fail(
      'branch_id',
      `The branch "${input.branch_id}" has not been started; start it with is_branch_point and branch_from_step.`,
    );
  }
}

/** The plan as it stands: one entry per step, a revision's text shown in the place of the step it revises. */
export function planEntries(steps: readonly WorkflowStepRecord[]): PlanEntry[] {
  const entries = new Map<number, PlanEntry>();
  const rootOf = new Map<number, number>();
  for (const step of steps) {
    const revises =
      step.extras.is_step_revision === true ? Number(step.extras.revises_step_number) : undefined;
    const root = revises === undefined ? undefined : (rootOf.get(revises) ?? revises);
    const target = root === undefined ? undefined : entries.get(root);
    if (root !== undefined && target !== undefined) {
      target.step = step.step;
      target.revised_in = step.stepNumber;
      rootOf.set(step.stepNumber, root);
      continue;
    }
    const branch = typeof step.extras.branch_id === 'string' ? step.extras.branch_id : undefined;
    const from = typeof step.extras.branch_from_step === 'number' ? step.extras.branch_from_step : undefined;
    entries.set(step.stepNumber, {
      step_number: step.stepNumber,
      step: step.step,
      ...(branch !== undefined && { branch_id: branch }),
      ...(from !== undefined && { branch_from_step: from }),
    });
  }
  return [...entries.values()];
}

/** The plan as text: the main line, then each branch with the step it departs from. */
export function renderPlan(steps: readonly WorkflowStepRecord[]): string {
  const entries = planEntries(steps);
  const complete = steps.at(-1)?.nextStepRequired === false;
  const line = (entry: PlanEntry) =>
    `${entry.step_number}. ${entry.step.trim()}${entry.revised_in === undefined ? '' : ` (revised in step ${entry.revised_in})`}`;
  const lines = [
    `## ${complete ? 'Plan' : 'Plan so far'} (${steps.length} step${steps.length === 1 ? '' : 's'})`,
  ];
  lines.push(...entries.filter((entry) => entry.branch_id === undefined).map(line));
  const branches = [
    ...new Set(entries.flatMap((entry) => (entry.branch_id === undefined ? [] : [entry.branch_id]))),
  ];
  for (const branch of branches) {
    const members = entries.filter((entry) => entry.branch_id === branch);
    const from = members.find((entry) => entry.branch_from_step !== undefined)?.branch_from_step;
    lines.push(
      '',
      `### Branch "${branch}"${from === undefined ? '' : ` (from step ${from})`}`,
      ...members.map(line),
    );
  }
  return lines.join('\n');
}
