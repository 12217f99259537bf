import { z } from 'zod';
import { cutOffField } from '../cut-off-field.js';
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
    .describe('2–8 models; a model may repeat with another stance.'),
  files: z.array(z.string()).optional().describe('Absolute paths of files or folders every model sees.'),
  synthesis_model: z.string().optional().describe('A model that then synthesises all answers.'),
  continuation_id: z.string().min(1).optional().describe('Continue an earlier conversation.'),
});

export const consensusOutputSchema = z.object({
  continuation_id: z.string().optional(),
  not_saved: z.string().optional(),
  answers: z.array(
    z.object({
      model: z.string(),
      stance: z.string(),
      auto_reason: z.string().optional(),
      cut_off_at_tokens: cutOffField,
    }),
  ),
  failures: z.array(z.object({ model: z.string(), code: z.string(), message: z.string() })),
  synthesis_model: z.string().optional(),
  synthesis_auto_reason: z.string().optional(),
  synthesis_cut_off_at_tokens: cutOffField,
  // A whole number; `.int()` would add the safe-integer bounds to every tools/list (~20 tokens).
  remaining_exchanges: z.number().optional(),
});

export type ConsensusInput = z.output<typeof consensusInputSchema>;
