import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { promptFileField, readPromptInput } from '../prompt-input.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { thinkingField } from '../thinking-field.js';
import { cutOffField, cutOffFields } from '../cut-off-field.js';
import { continuationFields, continuationFooter, runModelTurn } from '../../model-turn/run-model-turn.js';
import { planTurnModel } from '../../model-turn/plan-turn-model.js';
import { planSpecs } from '../../response-cache/tool-response-cache.js';
import { CHAT_DESCRIPTION, CHAT_SYSTEM_PROMPT } from './chat-prompts.js';

const chatInputSchema = z.object({
  prompt: z.string().optional().describe('The question or request, with all the context the model needs.'),
  prompt_file: promptFileField,
  model: z
    .string()
    .optional()
    .describe('Model id, alias, provider:model, or auto (default: the server’s default model).'),
  system: z.string().optional().describe('Extra instructions for the model (a role, a format).'),
  temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0–2.'),
  thinking: thinkingField('Reason before answering, where the model can: true, or minimal…max.'),
  web_search: z.boolean().optional().describe('Let the model search the web, where its provider offers it.'),
  files: z
    .array(z.string())
    .optional()
    .describe('Absolute paths of files or folders to show the model (re-read on every continuation).'),
  images: z.array(z.string()).optional().describe('Absolute paths of images, for vision models.'),
  continuation_id: z
    .string()
    .min(1)
    .optional()
    .describe('The continuation_id of an earlier answer, to continue that conversation.'),
});

const chatOutputSchema = z.object({
  continuation_id: z.string().optional(),
  not_saved: z.string().optional(),
  model: z.string(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
  fallbacks: z.array(z.object({ model: z.string(), code: z.string(), message: z.string() })),
  files_omitted: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  auto_reason: z.string().optional(),
  cut_off_at_tokens: cutOffField,
  remaining_exchanges: z.number().int().optional(),
});

/** `chat`: one answer from another model, in a conversation that can be continued. */
export const chatTool = defineTool({
  name: 'chat',
  title: 'Ask another model',
  description: CHAT_DESCRIPTION,
  inputSchema: chatInputSchema,
  outputSchema: chatOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Chat-like: cached only when `cache.tools` names it (docs/caching.md).
  responseCache: {
    chatLike: true,
    prompts: [CHAT_SYSTEM_PROMPT],
    files: (input) => [...(input.files ?? []), ...(input.images ?? []), input.prompt_file],
    models: (input, context) =>
      planSpecs(
        planTurnModel(context, {
          toolName: 'chat',
          model: input.model,
          thinking: input.thinking,
          webSearch: input.web_search,
          images: input.images,
        }).plan,
      ),
  },
  async execute(input, context) {
    const prompt = await readPromptInput(context, { text: input.prompt, file: input.prompt_file });
    const system = input.system ? `${CHAT_SYSTEM_PROMPT}\n\n${input.system}` : CHAT_SYSTEM_PROMPT;
    const result = await runModelTurn(context, {
      toolName: 'chat',
      prompt,
      system,
      model: input.model,
      continuationId: input.continuation_id,
      temperature: input.temperature,
      thinking: input.thinking,
      webSearch: input.web_search,
      files: input.files,
      images: input.images,
    });
    return withRemainingExchanges(
      context,
      result.threadId,
      {
        text: `${result.text}\n\n${continuationFooter(result, 'chat')}`,
        structuredContent: {
          ...continuationFields(result),
          model: result.model,
          usage: { input_tokens: result.usage.inputTokens, output_tokens: result.usage.outputTokens },
          fallbacks: result.fallbacks,
          ...(result.filesOmitted.length > 0 && { files_omitted: result.filesOmitted }),
          ...(result.autoReason !== undefined && { auto_reason: result.autoReason }),
          ...cutOffFields(result),
        },
        ...(result.notSaved !== undefined && { notSaved: true }),
      },
      result.turnCount,
    );
  },
});
