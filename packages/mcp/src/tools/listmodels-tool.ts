import { z } from 'zod';
import { defineTool } from './define-tool.js';

const modelSchema = z.object({
  model: z.string(),
  aliases: z.array(z.string()),
  context_window: z.number(),
  max_output_tokens: z.number(),
  thinking: z.boolean(),
  vision: z.boolean(),
  web_search: z.boolean(),
  description: z.string().optional(),
});

/** `listmodels`: the models the server may call, with what each offers. */
export const listModelsTool = defineTool({
  name: 'listmodels',
  title: 'List models',
  description:
    'List the models exai can ask (as provider:model, with aliases, context window and ' +
    'capabilities), and which one `auto` picks now. Calls no model.',
  inputSchema: z.object({}),
  outputSchema: z.object({
    auto: z.string().optional(),
    auto_reason: z.string().optional(),
    models: z.array(modelSchema),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute(_input, { runtime }) {
    const models = runtime.registry.listModels().map((info) => ({
      model: `${info.provider}:${info.id}`,
      aliases: [...(info.aliases ?? [])],
      context_window: info.contextWindow,
      max_output_tokens: info.maxOutputTokens,
      thinking: info.capabilities.thinking,
      vision: info.capabilities.vision,
      web_search: info.capabilities.webSearch ?? false,
      ...(info.description !== undefined && { description: info.description }),
    }));
    let auto: string | undefined;
    let autoReason: string | undefined;
    try {
      const plan = runtime.registry.plan(undefined);
      auto = plan.primary.spec;
      autoReason = plan.auto?.reason;
    } catch {
      auto = undefined;
    }
    const lines = models.map((model) => {
      const traits = [
        `${Math.round(model.context_window / 1000)}K context`,
        ...(model.thinking ? ['thinking'] : []),
        ...(model.vision ? ['vision'] : []),
        ...(model.web_search ? ['web search'] : []),
      ];
      const aliases = model.aliases.length > 0 ? ` (also: ${model.aliases.join(', ')})` : '';
      return `- ${model.model}${aliases}: ${traits.join(', ')}`;
    });
    const header = auto
      ? `Default model now: ${auto}${autoReason === undefined ? '' : `\n${autoReason}`}`
      : 'No model is usable by default (no provider has an API key configured).';
    return {
      text: [header, `${models.length} models:`, ...lines].join('\n'),
      structuredContent: {
        ...(auto !== undefined && { auto }),
        ...(autoReason !== undefined && { auto_reason: autoReason }),
        models,
      },
    };
  },
});
