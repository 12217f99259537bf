import { randomUUID } from 'node:crypto';
import { estimateCostInUsd, AbortedError, InvalidArgumentError } from '@exai/core';
import type {
  LanguageModelV1CallOptions,
  LanguageModelV1ImagePart,
  LanguageModelV1TextPart,
  AutoRequirements,
  RegistryCallMetadata,
  TurnRecord,
} from '@exai/core';
import { DEFAULT_THREAD_TTL_IN_MS } from '../mcp-server/exai-runtime.js';
import { buildConversation, conversationBudget, estimateTokens } from './build-conversation.js';
import { ensureTenant } from './ensure-tenant.js';
import { streamAnswer, type StreamedAnswer } from './stream-answer.js';
import type { ToolContext } from '../tools/tool-context.js';
import { embedFiles, omittedFilesNote, type FileOmission } from './embed-files.js';
import { checkThread, loadThread } from './load-thread.js';
import { withThreadLock } from './thread-lock.js';

export interface ModelTurnRequest {
  /** The tool making the call; recorded on the turns and in the audit log. */
  toolName: string;
  /** This turn's message, stored as the user turn (files are not stored, only their paths). */
  prompt: string;
  /** The full system text. */
  system: string;
  /** Model id, alias, `provider:model` or `auto`; empty or undefined picks the default. */
  model?: string | undefined;
  continuationId?: string | undefined;
  temperature?: number | undefined;
  thinking?: boolean | undefined;
  webSearch?: boolean | undefined;
  /** Files and folders to embed (through the FileService); re-read at every continuation. */
  files?: readonly string[] | undefined;
  /**
   * Files named earlier (e.g. by a workflow's earlier steps), embedded after `files` when they fit.
   * Unlike `files`, one that can no longer be read (deleted, renamed) is noted, not refused.
   */
  earlierFiles?: readonly string[] | undefined;
  /** Images for vision models (through the FileService). */
  images?: readonly string[] | undefined;
  /** Title of a new thread. Default: the start of the prompt. */
  title?: string | undefined;
  /** Stored on a new thread. */
  threadMetadata?: Record<string, unknown> | undefined;
  /** Text added to the user message for this call only (not stored), e.g. a workflow's consolidated findings. */
  context?: string | undefined;
  /** Fraction of the conversation budget files may take. Default 0.6. */
  fileShare?: number | undefined;
  /**
   * Store the turns, usage and audit event (default true). With `false` nothing is written: the
   * caller stores the exchange itself (e.g. several parallel answers to one prompt), and
   * `threadId` is the `continuationId` given, or '' without one.
   */
  store?: boolean | undefined;
}

export interface ModelTurnResult {
  text: string;
  /** The thread the turn was stored in: pass it as `continuation_id` to continue. */
  threadId: string;
  /** `provider:model` that answered. */
  model: string;
  usage: { inputTokens: number; outputTokens: number };
  fallbacks: Array<{ model: string; code: string; message: string }>;
  omittedTurns: number;
  filesIncluded: string[];
  filesOmitted: FileOmission[];
  /** From sending the request to the end of the answer. */
  latencyInMs: number;
  /** Estimated from the catalogue's prices; undefined when the model has none. */
  costInUsd: number | undefined;
}

/**
 * One model call in a thread, as every model-backed tool makes it: continue the thread (or start
 * one), embed files within the model's budget (newest first, re-read from disk), stream the answer
 * with progress notifications, then store the two turns, the usage and an audit event.
 */
export async function runModelTurn(
  context: ToolContext,
  request: ModelTurnRequest,
): Promise<ModelTurnResult> {
  const { runtime, tenantId, signal } = context;
  const { store, registry } = runtime;
  const threadTtlInMs = runtime.limits?.threadTtlInMs ?? DEFAULT_THREAD_TTL_IN_MS;

  const turns: TurnRecord[] =
    request.continuationId === undefined
      ? []
      : (await loadThread(context, request.continuationId, { toolName: request.toolName })).turns;

  const images = request.images ?? [];
  const requirements: AutoRequirements = {
    ...(request.thinking && { thinking: true }),
    ...(request.webSearch && { webSearch: true }),
    ...(images.length > 0 && { vision: true }),
  };
  const wanted = request.model ?? '';
  const primary = registry.resolve(wanted, requirements);
  if (images.length > 0 && primary.info !== undefined && !primary.info.capabilities.vision) {
    throw new InvalidArgumentError({
      argument: 'images',
      message:
        `${primary.spec} cannot see images. Pick a vision model (listmodels shows which) or ` +
        'pass model "auto", or leave images out.',
    });
  }

  const { budgetInTokens } = conversationBudget(primary.info);
  const fixedCost =
    estimateTokens(request.system) + estimateTokens(request.prompt) + estimateTokens(request.context ?? '');
  const fileBudget = Math.max(0, Math.floor((budgetInTokens - fixedCost) * (request.fileShare ?? 0.6)));
  const embedded = await embedFiles({
    files: context.files,
    current: request.files ?? [],
    earlier: [...(request.earlierFiles ?? []), ...earlierFiles(turns)],
    budgetInTokens: fileBudget,
  });
  const imageParts: LanguageModelV1ImagePart[] = [];
  for (const path of images) {
    const image = await context.files.readImage(path);
    imageParts.push({ type: 'image', image: image.data, mediaType: image.mediaType });
  }

  const message = [request.prompt, request.context ?? '', embedded.text, omittedFilesNote(embedded.omitted)]
    .filter((part) => part !== '')
    .join('\n\n');
  const { messages, omittedTurns } = buildConversation({
    system: request.system,
    turns,
    prompt: message,
    budgetInTokens,
  });
  if (imageParts.length > 0) {
    const last = messages.at(-1);
    if (last?.role === 'user') {
      // The last message may also hold an earlier user turn, merged into it.
      const text: LanguageModelV1TextPart = {
        type: 'text',
        text: typeof last.content === 'string' ? last.content : message,
      };
      last.content = [text, ...imageParts];
    }
  }

  const options: LanguageModelV1CallOptions = { prompt: messages, abortSignal: signal };
  if (request.temperature !== undefined) options.temperature = request.temperature;
  if (request.thinking) options.thinking = { enabled: true };
  if (request.webSearch) options.webSearch = true;

  const startedAt = performance.now();
  const { result, answer } = await callModel(context, { wanted, options, requirements, spec: primary.spec });
  const spec = result.answeredBy.spec;
  if (signal.aborted) {
    throw new AbortedError({ message: `The ${request.toolName} call was cancelled by the client.` });
  }
  const latencyInMs = Math.round(performance.now() - startedAt);
  const inputTokens = answer.usage?.inputTokens ?? 0;
  const outputTokens = answer.usage?.outputTokens ?? 0;
  const costInUsd = estimateCostInUsd(result.answeredBy.info, answer.usage ?? { inputTokens, outputTokens });
  const fallbacks = result.fallbacks.map(({ model, code, message: text }) => ({
    model,
    code,
    message: text,
  }));
  const outcome = (threadId: string): ModelTurnResult => ({
    text: answer.text,
    threadId,
    model: spec,
    usage: { inputTokens, outputTokens },
    fallbacks,
    omittedTurns,
    filesIncluded: embedded.included,
    filesOmitted: embedded.omitted,
    latencyInMs,
    costInUsd,
  });
  if (request.store === false) return outcome(request.continuationId ?? '');

  await ensureTenant(store, tenantId);
  const expiresAt = new Date(Date.now() + threadTtlInMs);
  const threadId =
    request.continuationId ??
    (
      await store.createThread({
        tenantId,
        title: (request.title ?? request.prompt).slice(0, 80),
        expiresAt,
        metadata: { tool: request.toolName, ...request.threadMetadata },
      })
    ).id;
  const callId = randomUUID();
  const fileMetadata =
    [...(request.files ?? []), ...images].length > 0 ? { files: embedded.included, images } : {};
  // The two turns go in together: a parallel call on the same thread must not come between them.
  await withThreadLock(tenantId, threadId, async () => {
    if (request.continuationId !== undefined) {
      await checkThread(context, threadId, { toolName: request.toolName });
    }
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'user',
      content: request.prompt,
      toolName: request.toolName,
      idempotencyKey: `${request.toolName}:${callId}:user`,
      expiresAt,
      metadata: fileMetadata,
    });
    await store.appendTurn({
      tenantId,
      threadId,
      role: 'assistant',
      content: answer.text,
      toolName: request.toolName,
      model: spec,
      idempotencyKey: `${request.toolName}:${callId}:assistant`,
      expiresAt,
      metadata: { inputTokens, outputTokens, omittedTurns, omittedFiles: embedded.omitted.length },
    });
  });
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
    action: `tool.${request.toolName}`,
    target: threadId,
    detail: { model: spec, fallbacks: result.fallbacks.length, inputTokens, outputTokens, latencyInMs },
  });

  return outcome(threadId);
}

/**
 * Streams the answer when the client asked for progress (so it hears from the server while a slow
 * model thinks); otherwise makes one plain request, which costs less and answers the same.
 */
async function callModel(
  context: ToolContext,
  {
    wanted,
    options,
    requirements,
    spec,
  }: { wanted: string; options: LanguageModelV1CallOptions; requirements: AutoRequirements; spec: string },
): Promise<{ result: RegistryCallMetadata; answer: StreamedAnswer }> {
  const { registry } = context.runtime;
  if (context.progressRequested === false) {
    const result = await registry.generate(wanted, options, requirements);
    return { result, answer: { text: result.text, usage: result.usage } };
  }
  void context.reportProgress({ progress: 0, message: `${spec} waiting, 0 tokens` });
  const result = await registry.stream(wanted, options, requirements);
  const answer = await streamAnswer({ stream: result.stream, spec: result.answeredBy.spec, context });
  return { result, answer };
}

/** Paths of files sent with earlier turns, newest first. */
function earlierFiles(turns: readonly TurnRecord[]): string[] {
  const paths: string[] = [];
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const files = turns[index]?.metadata?.files;
    if (Array.isArray(files)) for (const path of files) if (typeof path === 'string') paths.push(path);
  }
  return paths;
}

/** The line every model-backed tool ends its text with, naming the continuation_id. */
export function continuationFooter(
  result: Pick<ModelTurnResult, 'threadId' | 'model' | 'fallbacks' | 'filesOmitted'>,
  toolName = 'any exai tool',
): string {
  const fallbackNote =
    result.fallbacks.length > 0
      ? ` after ${result.fallbacks.map((attempt) => `${attempt.model} failed (${attempt.code})`).join(', ')}`
      : '';
  const dropped =
    result.filesOmitted.length > 0 ? `; ${result.filesOmitted.length} file(s) not included, see above` : '';
  return (
    `---\ncontinuation_id: ${result.threadId} (answered by ${result.model}${fallbackNote}${dropped}; ` +
    `pass continuation_id to ${toolName} to continue this conversation)`
  );
}
