import type { NextStepView } from './workflow-tool-spec.js';

const DEFAULT_CALL_HINT =
  'what you found: findings, files_checked, relevant_files, issues_found, confidence. ' +
  'To undo earlier steps, pass backtrack_from_step.';

/**
 * What a non-final step's result tells the client: the tool's own advice for its confidence, then
 * exactly how to make the next call. No model is called for a non-final step.
 */
export function renderNextStepGuidance({
  toolName,
  threadId,
  view,
  advice,
  expertAtEnd,
  callHint = DEFAULT_CALL_HINT,
}: {
  toolName: string;
  threadId: string;
  view: NextStepView;
  advice: string;
  expertAtEnd: boolean;
  /** What the next call should carry. */
  callHint?: string;
}): string {
  const next = view.stepNumber + 1;
  const totalSteps = Math.max(view.totalSteps, next);
  const finish =
    view.confidence === 'certain'
      ? 'You are certain: you may make that the final step (next_step_required false); certain skips the expert model.'
      : expertAtEnd
        ? 'On the final step (next_step_required false) an expert model reviews the consolidated findings and reads the relevant files.'
        : 'On the final step (next_step_required false) you get the consolidated result.';
  return [
    `## Next: step ${next} of ${totalSteps}`,
    advice,
    '',
    `Investigate first, then call ${toolName} with continuation_id "${threadId}", step_number ${next}, ` +
      `total_steps ${totalSteps} (adjust it if needed), and ${callHint}`,
    finish,
  ].join('\n');
}

/** Advice that depends only on the confidence band. */
export function adviceByBand(advice: Record<NextStepView['band'], string>): (view: NextStepView) => string {
  return (view) => advice[view.band];
}

/**
 * The `required_actions` of a step's `structuredContent`: what the client must do next, as a
 * list (the text says the same in prose).
 */
export function requiredActions({
  toolName,
  threadId,
  view,
  advice,
  final,
  expertCalled,
  callHint = DEFAULT_CALL_HINT,
}: {
  toolName: string;
  threadId: string;
  view: NextStepView;
  /** The tool's advice for the next step; ignored on a final step. */
  advice: () => string;
  final: boolean;
  expertCalled: boolean;
  callHint?: string;
}): string[] {
  if (final) {
    return expertCalled
      ? [
          'Check the expert analysis against the code before acting on it.',
          `Present the ${toolName} result to the user.`,
        ]
      : [`Present the ${toolName} result to the user.`];
  }
  const next = view.stepNumber + 1;
  return [
    advice(),
    `Call ${toolName} with continuation_id "${threadId}", step_number ${next}, ` +
      `total_steps ${Math.max(view.totalSteps, next)}, and ${callHint}`,
  ];
}
