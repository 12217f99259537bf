import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ToolContext } from '../tool-context.js';
import type { ConsolidatedFindings } from './consolidate-steps.js';
import type { WorkflowStepRecord } from './workflow-state.js';
import type { Confidence } from './workflow-step-schema.js';

/** Where the client stands: `early` (exploring, low, none given), `deepen` (medium, high), `confirm` (above). */
export type ConfidenceBand = 'early' | 'deepen' | 'confirm';

/** What a tool's next-step guidance is written from. */
export interface NextStepView {
  stepNumber: number;
  totalSteps: number;
  confidence: Confidence | undefined;
  band: ConfidenceBand;
  consolidated: ConsolidatedFindings;
  /** The tool's own fields, latest value of each across the steps. */
  settings: Record<string, unknown>;
}

/** Material a tool adds to its expert call beyond the consolidated findings. */
export interface ExpertMaterial {
  /** Added to the expert's message (not stored in the thread). */
  context: string;
  /** Shown in the result, e.g. what was left out to fit the model's context window. */
  notes: string[];
}

/**
 * One workflow tool: its prompts and its own fields. The shared engine does the rest (state,
 * consolidation, backtracking, guidance, the expert call).
 */
export interface WorkflowToolSpec<Schema extends z.ZodObject> {
  name: string;
  title: string;
  /** One to three sentences: it is sent to the client's model on every request. */
  description: string;
  /** `investigationStepSchema.extend({...})` or, for plans, a smaller schema on `workflowBaseFields`. */
  inputSchema: Schema;
  annotations?: ToolAnnotations;
  /** Whether the final step consults an expert model when `use_assistant_model` is not given. Default true. */
  useAssistantModelByDefault?: boolean;
  /** The expert model's system prompt. */
  expertSystemPrompt: string;
  /** What the expert is asked to do with the consolidated material. */
  finalStepInstruction: string;
  /** What the next call should carry, when it differs from the investigation fields. */
  nextCallHint?: string;
  /** What the client should investigate before its next step. */
  nextStep(view: NextStepView): string;
  /**
   * Checks of the tool's own fields (latest value of each across the steps, this one included),
   * made before anything is stored.
   */
  validate?(settings: Record<string, unknown>, context: ToolContext): Promise<void>;
  /** Checks against the steps already recorded (before this one is added). */
  checkAgainstSteps?(input: z.output<Schema>, steps: readonly WorkflowStepRecord[]): void;
  /** Extra lines for every step's result (e.g. the changes a pre-commit review covers). */
  describeProgress?(settings: Record<string, unknown>, context: ToolContext): Promise<string[]>;
  /** Material for the expert call, fitted into `budgetInTokens`. */
  prepareExpert?(
    settings: Record<string, unknown>,
    options: { budgetInTokens: number; context: ToolContext },
  ): Promise<ExpertMaterial>;
  /** Replaces the standard consolidated summary (the planner presents its plan). */
  renderSummary?(steps: readonly WorkflowStepRecord[], consolidated: ConsolidatedFindings): string;
  /** Fields added to every result's `structuredContent`. */
  structuredExtras?(steps: readonly WorkflowStepRecord[]): Record<string, unknown>;
}

export function confidenceBand(confidence: Confidence | undefined): ConfidenceBand {
  if (confidence === 'medium' || confidence === 'high') return 'deepen';
  if (confidence === 'very_high' || confidence === 'almost_certain' || confidence === 'certain') {
    return 'confirm';
  }
  return 'early';
}
