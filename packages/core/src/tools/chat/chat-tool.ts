import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { estimateCostInUsd } from '../../catalogue/estimate-cost-in-usd.js';
import { AbortedError } from '../../errors/aborted-error.js';
import { InvalidArgumentError } from '../../errors/invalid-argument-error.js';
import { RecordNotFoundError } from '../../errors/record-not-found-error.js';
import type { LanguageModelV1CallOptions } from '../../language-model/v1/language-model-v1-call-options.js';
import { DEFAULT_MAX_TURNS, DEFAULT_THREAD_TTL_IN_MS } from '../../server/exai-runtime.js';
import type { TurnRecord } from '../../session-store/v1/session-store-records.js';
import { defineTool } from '../define-tool.js';
import { buildConversation, conversationBudget } from './build-conversation.js';
import { CHAT_DESCRIPTION, CHAT_SYSTEM_PROMPT } from './chat-prompts.js';
import { ensureTenant } from './ensure-tenant.js';
import { streamAnswer } from './stream-answer.js';

const chatInputSchema = z.object({
  prompt: z.string().min(1).describe('The question or request, with all the context the model needs.'),
  model: z
    .string()
    .optional()
    .describe('Model id, alias, provider:model, or auto (default: the server’s default model).'),
  system: z.string().optional().describe('Extra instructions for the model (a role, a format).'),
  temperature: z.number().min(0).max(2).optional().describe('Sampling temperature, 0–2.'),
  thinking: z.boolean().optional().describe('Ask the model to reason before answering, where it can.'),
  web_search: z.boolean().optional().describe('Let the model search the web, where its provider offers it.'),
  continuation_id: z
    .string()
    .min(1)
    .optional()
    .describe('The continuation_id of an earlier answer, to continue that conversation.'),
});

const chatOutputSchema = z.object({
  continuation_id: z.string(),
  model: z.string(),
  usage: z.object({ input_tokens: z.number(), output_tokens: z.number() }),
  fallbacks: z.array(z.object({ model: z.string(), code: z.string(), message: z.string() })),
});

/** `chat`: one answer from another model, in a conversation that can be continued. */
export const chatTool = defineTool({
  name: 'chat',
  title: 'Ask another model',
  description: CHAT_DESCRIPTION,
  inputSchema: chatInputSchema,
  outputSchema: chatOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async execute(input, context) {
    const { runtime, tenantId, signal } = context;
    const { store, registry } = runtime;
    const maxTurns = runtime.limits?.maxTurns ?? DEFAULT_MAX_TURNS;
    const threadTtlInMs = runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS;

    let turns: TurnRecord[] = [];
    if (input.continuation_id !== undefined) {
      const thread = await store.getThread(tenantId, input.continuation_id);
      if (thread === undefined || (thread.expiresAt !== undefined && thread.expiresAt < new Date())) {
        throw new RecordNotFoundError({
          recordType: 'thread',
          recordId: input.continuation_id,
          message:
            `No conversation with continuation_id "${input.continuation_id}" exists (it may have expired ` +
            'or been deleted). Call chat without continuation_id to start a new one.',
        });
      }
      if (thread.turnCount + 2 > maxTurns) {
        throw new InvalidArgumentError({
          argument: 'continuation_id',
          message:
            `The conversation "${thread.id}" has reached its limit of ${maxTurns} messages. ` +
            'Call chat without continuation_id to start a new one, summarising what matters.',
        });
      }
      turns = await store.listTurns(tenantId, thread.id);
    }

    const requirements = {
      ...(input.thinking && { thinking: true }),
      ...(input.web_search && { webSearch: true }),
    };
    const wanted = input.model ?? '';
    const primary = registry.resolve(wanted, requirements);
    const system = input.system ? `${CHAT_SYSTEM_PROMPT}\n\n${input.system}` : CHAT_SYSTEM_PROMPT;
    const { budgetInTokens } = conversationBudget(primary.info);
    const { messages, omittedTurns } = buildConversation({
      system,
      turns,
      prompt: input.prompt,
      budgetInTokens,
    });

    const options: LanguageModelV1CallOptions = { prompt: messages, abortSignal: signal };
    if (input.temperature !== undefined) options.temperature = input.temperature;
    if (input.thinking) options.thinking = { enabled: true };
    if (input.web_search) options.webSearch = true;

    const startedAt = performance.now();
    void context.reportProgress({ progress: 0, message: `${primary.spec} waiting, 0 tokens` });
    const result = await registry.stream(wanted, options, requirements);
    const spec = result.answeredBy.spec;
    const answer = await streamAnswer({ stream: result.stream, spec, context });
    if (signal.aborted) throw new AbortedError({ message: 'The chat call was cancelled by the client.' });
    const latencyInMs = Math.round(performance.now() - startedAt);
    const inputTokens = answer.usage?.inputTokens ?? 0;
    const outputTokens = answer.usage?.outputTokens ?? 0;

    await ensureTenant(store, tenantId);
    const expiresAt = new Date(Date.now() + threadTtlInMs);
    const threadId =
      input.continuation_id ??
      (
        await store.createThread({
          tenantId,
          title: input.prompt.slice(0, 80),
          expiresAt,
          metadata: { tool: 'chat' },
        })
      ).id;
    const callId = randomUUID();
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: input.prompt,
      toolName: 'chat',
      idempotencyKey: `chat:${callId}:user`,
      expiresAt,
      ...(input.system !== undefined && { metadata: { system: input.system } }),
    });
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'assistant',
      content: answer.text,
      toolName: 'chat',
      model: spec,
      idempotencyKey: `chat:${callId}:assistant`,
      expiresAt,
      metadata: { inputTokens, outputTokens, omittedTurns },
    });
    const costInUsd = estimateCostInUsd(
      result.answeredBy.info,
      answer.usage ?? { inputTokens, outputTokens },
    );
    await store.recordUsage({
      tenantId,
      threadId,
      model: spec,
      inputTokens,
      outputTokens,
      ...(costInUsd !== undefined && { costInUsd }),
      latencyInMs,
      status: 'ok',
    });
    await store.appendAudit({
      tenantId,
      actor: 'mcp',
      action: 'tool.chat',
      target: threadId,
      detail: { model: spec, fallbacks: result.fallbacks.length, inputTokens, outputTokens, latencyInMs },
    });

    const fallbackNote =
      result.fallbacks.length > 0
        ? ` after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
        : '';
    return {
      text:
        `${answer.text}\n\n---\ncontinuation_id: ${threadId} (answered by ${spec}${fallbackNote}; ` +
        'pass continuation_id to chat to continue this conversation)',
      structuredContent: {
        continuation_id: threadId,
        model: spec,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
        fallbacks: result.fallbacks.map(({ model, code, message }) => ({ model, code, message })),
      },
    };
  },
});
