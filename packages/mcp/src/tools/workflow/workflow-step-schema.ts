import { z } from 'zod';
import { thinkingField } from '../thinking-field.js';

/** How sure the client is, from a first look to proven. `certain` skips the expert model. */
export const confidenceLevels = [
  'exploring',
  'low',
  'medium',
  'high',
  'very_high',
  'almost_certain',
  'certain',
] as const;
export type Confidence = (typeof confidenceLevels)[number];

export const issueSeverities = ['critical', 'high', 'medium', 'low'] as const;
export type IssueSeverity = (typeof issueSeverities)[number];

/** One issue a step found. Descriptions are kept off the nested fields: every token is paid on every request. */
export const workflowIssueSchema = z.object({
  severity: z.enum(issueSeverities),
  description: z.string(),
  file: z.string().optional(),
  line: z.number().optional(),
});
export type WorkflowIssue = z.output<typeof workflowIssueSchema>;

/**
 * Fields every workflow tool takes, `planner` included. Numbers are plain `number`s (an integer
 * schema costs more tokens); the engine checks them and says what is wrong.
 */
export const workflowBaseFields = {
  step: z.string().describe('This step: what you examine now (step 1: the task and your plan).'),
  step_number: z.number().describe('1, 2, 3…'),
  total_steps: z.number().describe('Steps you expect; may grow.'),
  next_step_required: z.boolean().describe('false on the final step.'),
  continuation_id: z.string().optional().describe('From the previous step’s result.'),
  use_assistant_model: z.boolean().optional().describe('Final step: consult an expert model (default true).'),
  model: z.string().optional().describe('Expert model id, alias or auto.'),
  thinking: thinkingField('Expert reasons first: true or minimal…max.'),
  temperature: z.number().min(0).max(2).optional(),
};

/** The investigation fields of every workflow tool but `planner`. */
export const investigationFields = {
  findings: z.string().describe('What this step found.'),
  files_checked: z.array(z.string()).optional().describe('Files examined.'),
  relevant_files: z.array(z.string()).optional().describe('Files that matter; the expert reads them.'),
  relevant_context: z.array(z.string()).optional().describe('Key symbols (Class.method).'),
  issues_found: z.array(workflowIssueSchema).optional(),
  confidence: z.enum(confidenceLevels).optional().describe('certain skips the expert.'),
  hypothesis: z.string().optional().describe('Current theory.'),
  backtrack_from_step: z.number().optional().describe('Discard steps from this number on.'),
};

/** The input schema of an investigation workflow tool, before its own fields. */
export const investigationStepSchema = z.object({ ...workflowBaseFields, ...investigationFields });

/** What the engine reads from any workflow tool's input (tool-specific fields ride along). */
export type WorkflowStepInput = z.output<z.ZodObject<typeof workflowBaseFields>> &
  Partial<z.output<z.ZodObject<typeof investigationFields>>>;
