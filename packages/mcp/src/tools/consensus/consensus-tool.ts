import { AbortedError, ExaiError } from '@exai/core';
import { defineTool } from '../define-tool.js';
import { loadThread } from '../../model-turn/load-thread.js';
import { continuationFields, runModelTurn, type ModelTurnResult } from '../../model-turn/run-model-turn.js';
import { isStoreOutage, reportTurnNotSaved, type TurnNotSaved } from '../../model-turn/turn-not-saved.js';
import { cutOffFields } from '../cut-off-field.js';
import { readPromptInput } from '../prompt-input.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { consensusParticipants, participantView } from './consensus-participants.js';
import { createConsensusProgress } from './consensus-progress.js';
import {
  CONSENSUS_DESCRIPTION,
  stanceSystemPrompt,
  SYNTHESIS_SYSTEM_PROMPT,
  synthesisPrompt,
} from './consensus-prompts.js';
import { consensusInputSchema, consensusOutputSchema } from './consensus-schema.js';
import { formatConsensus } from './format-consensus.js';
import { consensusCacheModels } from './consensus-cache.js';
import { storeConsensus, type ConsensusAnswer, type ConsensusFailure } from './store-consensus.js';
import { createRecordId } from '@exai/core/internal';

/**
 * `consensus`: several models answer one prompt in parallel, each blind to the others, then an
 * optional synthesis. The calls store nothing but the usage of those that fail; the round is
 * stored once all have ended, so parallel answers never interleave in the thread.
 */
export const consensusTool = defineTool({
  name: 'consensus',
  title: 'Consensus of several models',
  description: CONSENSUS_DESCRIPTION,
  inputSchema: consensusInputSchema,
  outputSchema: consensusOutputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  // Chat-like: cached only when `cache.tools` names it, and only rounds where no model failed.
  responseCache: {
    chatLike: true,
    prompts: [stanceSystemPrompt('neutral', undefined), SYNTHESIS_SYSTEM_PROMPT],
    files: (input) => [...(input.files ?? []), input.prompt_file],
    models: consensusCacheModels,
    keep: ({ structuredContent }) =>
      Array.isArray(structuredContent?.failures) && structuredContent.failures.length === 0,
  },
  async execute(rawInput, context) {
    const prompt = await readPromptInput(context, { text: rawInput.prompt, file: rawInput.prompt_file });
    const input = { ...rawInput, prompt };
    const synthesisTurns = input.synthesis_model === undefined ? 0 : 1;
    // A model named twice with one stance is refused before anything else happens.
    const participants = consensusParticipants(context, input.models);
    // The thread's turns are read once here and shared by every model's call.
    const thread =
      input.continuation_id === undefined
        ? undefined
        : await loadThread(context, input.continuation_id, {
            toolName: 'consensus',
            turnsToAdd: 1 + input.models.length + synthesisTurns,
          });
    // Refuse unreadable files once, before any model is called.
    if (input.files !== undefined && input.files.length > 0) await context.files.expand(input.files);

    // The round's thread, named now so the usage record of a model that fails can name it too
    // (a new thread is created only once some model has answered).
    const threadId = input.continuation_id ?? createRecordId();
    const progress = createConsensusProgress(context, input.models.length);
    const settled = await Promise.all(
      participants.map(async (entry, index) => {
        try {
          const result = await runModelTurn(progress.contextFor(index), {
            toolName: 'consensus',
            prompt: input.prompt,
            system: stanceSystemPrompt(entry.stance, entry.stance_prompt),
            model: entry.model,
            continuationId: input.continuation_id,
            // Blind on continuation too: only its own earlier answers, not the others'.
            thread: thread === undefined ? undefined : participantView(thread, entry),
            files: input.files,
            store: false,
            usageThreadId: threadId,
          });
          progress.finished(result.model, 'answered');
          const answer: ConsensusAnswer = {
            requested: entry.model,
            stance: entry.stance,
            participant: entry.key,
            result,
          };
          return answer;
        } catch (error) {
          progress.finished(entry.model, 'failed');
          const failure: ConsensusFailure = {
            model: entry.model,
            code: ExaiError.isInstance(error) ? error.code : 'internal_error',
            message: error instanceof Error ? error.message : String(error),
          };
          return failure;
        }
      }),
    );
    if (context.signal.aborted) {
      throw AbortedError.of(context.signal, 'The consensus call was cancelled by the client.');
    }
    const answers = settled.filter((item): item is ConsensusAnswer => 'result' in item);
    const failures = settled.filter((item): item is ConsensusFailure => !('result' in item));
    if (answers.length === 0) {
      throw new ExaiError('all_models_failed', {
        message:
          `Every consensus model failed:\n` +
          failures.map((failure) => `  - ${failure.model}: ${failure.code}: ${failure.message}`).join('\n'),
      });
    }

    let synthesis: ModelTurnResult | undefined;
    let synthesisFailure: ConsensusFailure | undefined;
    if (input.synthesis_model !== undefined) {
      progress.note(`${input.synthesis_model} synthesising`);
      try {
        synthesis = await runModelTurn(progress.contextFor(input.models.length), {
          toolName: 'consensus',
          prompt: synthesisPrompt(
            input.prompt,
            answers.map((answer) => ({
              model: answer.result.model,
              stance: answer.stance,
              text: answer.result.text,
            })),
          ),
          system: SYNTHESIS_SYSTEM_PROMPT,
          model: input.synthesis_model,
          continuationId: input.continuation_id,
          thread,
          store: false,
          usageThreadId: threadId,
        });
      } catch (error) {
        if (context.signal.aborted) throw error;
        synthesisFailure = {
          model: `${input.synthesis_model} (synthesis)`,
          code: ExaiError.isInstance(error) ? error.code : 'internal_error',
          message: error instanceof Error ? error.message : String(error),
        };
      }
    }

    const allFailures = synthesisFailure === undefined ? failures : [...failures, synthesisFailure];
    let notSaved: TurnNotSaved | undefined;
    try {
      await storeConsensus(context, {
        threadId,
        prompt: input.prompt,
        continuationId: input.continuation_id,
        answers,
        failures: allFailures,
        synthesis,
      });
    } catch (error) {
      // The store is out: the round the models answered is returned, unsaved (like a model turn).
      if (!isStoreOutage(error, context.signal)) throw error;
      notSaved = reportTurnNotSaved(context, {
        toolName: 'consensus',
        answeredBy: [...answers.map((answer) => answer.result), ...(synthesis ? [synthesis] : [])]
          .map((result) => result.model)
          .join(', '),
        continuationId: input.continuation_id,
        error,
      });
    }
    const roundThreadId = notSaved === undefined ? threadId : '';
    return withRemainingExchanges(context, roundThreadId, {
      text: formatConsensus({
        threadId,
        modelCount: input.models.length,
        answers,
        failures: allFailures,
        synthesis,
        notSaved,
      }),
      ...(notSaved !== undefined && { notSaved: true }),
      structuredContent: {
        ...continuationFields({ threadId: roundThreadId, notSaved }),
        answers: answers.map(({ result, stance }) => ({
          model: result.model,
          stance,
          ...(result.autoReason !== undefined && { auto_reason: result.autoReason }),
          ...cutOffFields(result),
        })),
        failures: allFailures.map(({ model, code, message }) => ({ model, code, message })),
        ...(synthesis !== undefined && { synthesis_model: synthesis.model }),
        ...(synthesis?.autoReason !== undefined && { synthesis_auto_reason: synthesis.autoReason }),
        ...(synthesis?.cutOff !== undefined && {
          synthesis_cut_off_at_tokens: synthesis.cutOff.outputLimitInTokens,
        }),
      },
    });
  },
});
