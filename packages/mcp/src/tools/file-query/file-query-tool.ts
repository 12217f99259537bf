import { z } from 'zod';
import { ExaiError, InvalidArgumentError, PROVIDER_FILES_METADATA_KEY } from '@exai/core';
import type { TextFile } from '@exai/core';
import { everydayModel, keyVariables, registryProviders } from '../../model-turn/registry-providers.js';
import { offsetProgress } from '../../model-turn/offset-progress.js';
import { conversationBudget } from '../../model-turn/build-conversation.js';
import { defineTool } from '../define-tool.js';
import { namedRealPaths, omittedFilesNote, type FileOmission } from '../../model-turn/embed-files.js';
import { loadThread, type LoadedThread } from '../../model-turn/load-thread.js';
import { planTurnModel } from '../../model-turn/plan-turn-model.js';
import { planSpecs } from '../../response-cache/tool-response-cache.js';
import type { ToolContext } from '../tool-context.js';
import { cutOffField, cutOffFields } from '../cut-off-field.js';
import { continuationFields, continuationFooter, runModelTurn } from '../../model-turn/run-model-turn.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { fileBlocks } from './file-blocks.js';
import { FILE_QUERY_DESCRIPTION, FILE_QUERY_SYSTEM_PROMPT } from './file-query-prompts.js';
import { countFileUses, extractOnce, type ExtractedFile } from './upload-once.js';

/** `file_query`: a question answered from files extracted by a provider's files API. */
export const fileQueryTool = defineTool({
  name: 'file_query',
  title: 'Ask about files',
  description: FILE_QUERY_DESCRIPTION,
  inputSchema: z.object({
    question: z.string().min(1).describe('What to ask about the files.'),
    files: z
      .array(z.string())
      .min(1)
      .max(20)
      .optional()
      .describe(
        'Absolute paths of files or folders; optional when continuing (the first call’s are reused).',
      ),
    model: z.string().optional().describe('Model that answers (default: Kimi).'),
    continuation_id: z.string().min(1).optional().describe('Continue an earlier conversation.'),
  }),
  outputSchema: z.object({
    continuation_id: z.string().optional(),
    not_saved: z.string().optional(),
    model: z.string(),
    files: z.array(z.object({ path: z.string(), file_id: z.string(), uploaded: z.boolean() })),
    auto_reason: z.string().optional(),
    cut_off_at_tokens: cutOffField,
    remaining_exchanges: z.number().int().optional(),
  }),
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Cached when the cache is on (docs/caching.md), keyed by the files' contents.
  responseCache: {
    chatLike: false,
    prompts: [FILE_QUERY_SYSTEM_PROMPT],
    files: (input) => input.files ?? [],
    models(input, context) {
      const host = filesHost(context);
      if (host === undefined) throw new Error('no files API');
      const defaultModel = `${host.provider.providerId}:${everydayModel(host.models)?.id ?? ''}`;
      return [
        `files:${host.provider.providerId}`,
        ...planSpecs(
          planTurnModel(context, { toolName: 'file_query', model: input.model, defaultModel }).plan,
        ),
      ];
    },
  },
  async execute(input, context) {
    const { runtime } = context;
    const host = filesHost(context);
    const api = host?.provider.files?.();
    if (host === undefined || api === undefined) {
      throw new ExaiError('file_query_unavailable', {
        message:
          'No configured provider offers a files API: set ' +
          `${keyVariables(runtime, 'kimi', ['KIMI_API_KEY', 'MOONSHOT_API_KEY'])} for Kimi, then restart the server.`,
      });
    }
    const providerId = host.provider.providerId;
    const thread =
      input.continuation_id === undefined
        ? undefined
        : await loadThread(context, input.continuation_id, { toolName: 'file_query' });
    // Resolve the answering model first, so a wrong name costs no upload; a continued thread
    // keeps its model unless the call names another.
    const plan = planTurnModel(
      context,
      {
        toolName: 'file_query',
        model: input.model,
        defaultModel: `${providerId}:${everydayModel(host.models)?.id ?? ''}`,
      },
      thread?.turns,
    );
    const { budgetInTokens } = conversationBudget(plan.plan.primary.info);
    const paths = pathsToQuery(input.files, thread);
    const expanded = await context.files.expand(paths);
    if (expanded.files.length === 0) {
      throw new InvalidArgumentError({
        argument: 'files',
        message: `No readable file among ${paths.join(', ')}: ${expanded.skipped.map((s) => `${s.path} (${s.reason})`).join(', ')}.`,
      });
    }

    const named = await namedRealPaths(context.files, paths);
    const unreadable: FileOmission[] = [];
    const extracted: ExtractedFile[] = [];
    for (const [index, path] of expanded.files.entries()) {
      void context.reportProgress({ progress: index, message: `${providerId} extracting ${path}` });
      let file: TextFile;
      try {
        file = await context.files.readText(path);
      } catch (error) {
        // Only the files named directly must be readable; a folder's images and binaries are noted.
        if (named.has(path) || !ExaiError.isInstance(error)) throw error;
        unreadable.push({ path, reason: error.message });
        continue;
      }
      extracted.push(await extractOnce(context, { providerId, api, file }));
    }

    const blocks = fileBlocks(extracted, Math.floor(budgetInTokens * 0.6));
    const omitted = [
      ...expanded.skipped.map((skipped) => ({ path: skipped.path, reason: skipped.reason })),
      ...unreadable,
      ...blocks.omitted,
    ];
    if (extracted.length === 0) {
      throw new InvalidArgumentError({
        argument: 'files',
        message: `No text file among ${paths.join(', ')}: ${omitted.map((entry) => `${entry.path} (${entry.reason})`).join(', ')}.`,
      });
    }
    const result = await runModelTurn(offsetProgress(context, expanded.files.length), {
      toolName: 'file_query',
      prompt: input.question,
      system: FILE_QUERY_SYSTEM_PROMPT,
      model: input.model,
      plan,
      continuationId: input.continuation_id,
      thread,
      context: [blocks.text, omittedFilesNote(omitted)].filter((part) => part !== '').join('\n\n'),
      title: input.question,
      threadMetadata: { files: paths },
      turnMetadata: {
        [PROVIDER_FILES_METADATA_KEY]: extracted.map((file) => ({
          provider: providerId,
          sha256: file.sha256,
        })),
      },
    });
    // The stored turn holds the uploads it used; an answer that could not be stored holds none.
    if (result.notSaved === undefined) await countFileUses(context, providerId, extracted);
    const fileLines = extracted.map(
      (file) => `- ${file.path}: ${file.uploaded ? 'uploaded' : 'already uploaded'} (${file.fileId})`,
    );
    return withRemainingExchanges(
      context,
      result.threadId,
      {
        text: `${result.text}\n\nFiles (${providerId}):\n${fileLines.join('\n')}${
          omitted.length > 0 ? `\n${omittedFilesNote(omitted)}` : ''
        }\n\n${continuationFooter(result, 'file_query')}`,
        structuredContent: {
          ...continuationFields(result),
          model: result.model,
          files: extracted.map((file) => ({
            path: file.path,
            file_id: file.fileId,
            uploaded: file.uploaded,
          })),
          ...(result.autoReason !== undefined && { auto_reason: result.autoReason }),
          ...cutOffFields(result),
        },
        ...(result.notSaved !== undefined && { notSaved: true }),
      },
      result.turnCount,
    );
  },
});

/** The configured provider whose files API extracts the files: Kimi first. */
function filesHost({ runtime }: Pick<ToolContext, 'runtime'>) {
  return registryProviders(runtime)
    .filter((entry) => entry.configured && typeof entry.provider.files === 'function')
    .sort((a, b) => Number(b.provider.providerId === 'kimi') - Number(a.provider.providerId === 'kimi'))[0];
}

/** The files of this call, or of the thread's first call when continuing without any. */
function pathsToQuery(files: readonly string[] | undefined, loaded: LoadedThread | undefined): string[] {
  if (files !== undefined && files.length > 0) return [...files];
  if (loaded !== undefined) {
    const earlier = loaded.thread.metadata.files;
    if (Array.isArray(earlier) && earlier.length > 0) return earlier.map(String);
  }
  throw new InvalidArgumentError({
    argument: 'files',
    message: 'Pass files: the absolute paths of the files to ask about.',
  });
}
