import { z } from 'zod';
import { promptFileField } from '../prompt-input.js';

export const consensusInputSchema = z.object({
  prompt: z.string().optional().describe('The question or proposal, with all the context the models need.'),
  prompt_file: promptFileField,
  models: z
    .array(
      z.object({
        model: z.string().min(1).describe('Model id, alias or provider:model.'),
        stance: z.enum(['for', 'against', 'neutral']).default('neutral'),
        stance_prompt: z.string().optional().describe('Replaces the built-in stance instructions.'),
      }),
    )
    .min(2)
    .max(8)
    .describe('2–8 models; the same model may appear with different stances.'),
  files: z.array(z.string()).optional().describe('Absolute paths of files or folders to show every model.'),
  synthesis_model: z.string().optional().describe('A model that then synthesises all answers.'),
  continuation_id: z.string().min(1).optional().describe('Continue an earlier conversation.'),
});

export const consensusOutputSchema = z.object({
  continuation_id: z.string(),
  answers: z.array(z.object({ model: z.string(), stance: z.string() })),
  failures: z.array(z.object({ model: z.string(), code: z.string(), message: z.string() })),
  synthesis_model: z.string().optional(),
  remaining_exchanges: z.number().int().optional(),
});

export type ConsensusInput = z.output<typeof consensusInputSchema>;
