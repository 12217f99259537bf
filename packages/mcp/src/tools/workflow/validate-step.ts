import { InvalidArgumentError } from '@exai/core';
import type { WorkflowStepInput } from './workflow-step-schema.js';

export interface ValidatedStep {
  /** `total_steps`, raised to `step_number` when the step runs past it. */
  totalSteps: number;
  /** Adjustments the result mentions. */
  notes: string[];
}

/**
 * Checks the step fields a schema cannot express cheaply, with a message saying what to send
 * instead. The store is not read here; checks against recorded steps happen in the engine.
 */
export function validateStep(toolName: string, input: WorkflowStepInput): ValidatedStep {
  if (input.step.trim() === '') {
    fail('step', `step is empty: describe what this ${toolName} step examines.`);
  }
  wholeNumber('step_number', input.step_number);
  wholeNumber('total_steps', input.total_steps);
  if (input.step_number > 1 && input.continuation_id === undefined) {
    fail(
      'continuation_id',
      `step_number ${input.step_number} needs the continuation_id the previous ${toolName} step returned; ` +
        'start a new workflow with step_number 1.',
    );
  }
  if (input.backtrack_from_step !== undefined) {
    wholeNumber('backtrack_from_step', input.backtrack_from_step);
    if (input.continuation_id === undefined) {
      fail('backtrack_from_step', 'backtrack_from_step needs the continuation_id of the workflow to change.');
    }
    if (input.backtrack_from_step > input.step_number) {
      fail(
        'backtrack_from_step',
        `backtrack_from_step (${input.backtrack_from_step}) is after step_number (${input.step_number}); ` +
          'name an earlier step to discard it and every step after it.',
      );
    }
  }
  const notes: string[] = [];
  let totalSteps = input.total_steps;
  if (input.step_number > totalSteps) {
    notes.push(`total_steps raised from ${totalSteps} to ${input.step_number} to include this step.`);
    totalSteps = input.step_number;
  }
  return { totalSteps, notes };
}

function wholeNumber(argument: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) {
    fail(argument, `${argument} must be a whole number of at least 1 (got ${value}).`);
  }
}

function fail(argument: string, message: string): never {
  throw new InvalidArgumentError({ argument, message });
}
