import type { ThinkingLevel } from '@exai/core';
import type { FileOmission } from './embed-files.js';
import type { LoadedThread } from './load-thread.js';
import type { TurnModelPlan } from './plan-turn-model.js';
import type { TurnNotSaved } from './turn-not-saved.js';
import type { AnswerCutOff } from './answer-cut-off.js';

export interface ModelTurnRequest {
  /** The tool making the call; recorded on the turns and in the audit log. */
  toolName: string;
  /** This turn's message, stored as the user turn (files are not stored, only their paths). */
  prompt: string;
  /** The full system text. */
  system: string;
  /**
   * Model id, alias, `provider:model` or `auto` the caller names; empty or undefined keeps a
   * continued thread's model, else picks the tool's or the server's default (`planTurnModel`).
   */
  model?: string | undefined;
  /**
   * The model already chosen by the caller with `planTurnModel` (for the same `model`, thread,
   * `thinking`, `webSearch` and images), so it is not resolved again.
   */
  plan?: TurnModelPlan | undefined;
  continuationId?: string | undefined;
  /**
   * The thread `continuationId` names, already loaded by the caller (`loadThread`), so its turns
   * are not listed again.
   */
  thread?: LoadedThread | undefined;
  temperature?: number | undefined;
  /**
   * Most tokens the answer may take. Default: the model's max output (capped at half its context
   * window); sent as `max_tokens` and kept free when history and files are fitted.
   */
  maxOutputTokens?: number | undefined;
  /** `true` or a level asks the model to think (a level is mapped per provider). */
  thinking?: boolean | ThinkingLevel | undefined;
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
  /** Stored on this call's user turn (e.g. the provider uploads it used, to release them later). */
  turnMetadata?: Record<string, unknown> | undefined;
  /** Text added to the user message for this call only (not stored), e.g. a workflow's consolidated findings. */
  context?: string | undefined;
  /** Fraction of the conversation budget files may take. Default 0.6. */
  fileShare?: number | undefined;
  /**
   * Store the turns, usage and audit event (default true). With `false` nothing is written: the
   * caller stores the exchange itself (e.g. several parallel answers to one prompt), and
   * `threadId` is the `continuationId` given, or '' without one. A call that fails is recorded
   * (its usage record) either way.
   */
  store?: boolean | undefined;
  /**
   * The thread the usage record of a failed call names: with `store: false`, the thread the
   * caller will store the exchange in when it is a new one. Default: `continuationId`.
   */
  usageThreadId?: string | undefined;
}

export interface ModelTurnResult {
  text: string;
  /**
   * The thread the turn was stored in: pass it as `continuation_id` to continue. '' when the turn
   * was not stored (`notSaved`).
   */
  threadId: string;
  /** `provider:model` that answered. */
  model: string;
  /** Set when a continued conversation changed model: which, from what, and why. */
  modelNote?: string | undefined;
  usage: { inputTokens: number; outputTokens: number };
  fallbacks: Array<{ model: string; code: string; message: string }>;
  omittedTurns: number;
  filesIncluded: string[];
  filesOmitted: FileOmission[];
  /** From sending the request to the end of the answer. */
  latencyInMs: number;
  /** Estimated from the catalogue's prices; undefined when the model has none. */
  costInUsd: number | undefined;
  /** When the call asked for `auto` (or the default model is `auto`): which model it picked and why. */
  autoReason?: string | undefined;
  /**
   * Set when the answer stopped at the model's output limit (finish reason `length`): `text` is
   * what the model wrote until then, stored and returned like any answer, and the footer
   * (`continuationFooter`) says it is incomplete and how to get the rest; `structuredContent`
   * carries it as `cut_off_at_tokens` (`cutOffFields`).
   */
  cutOff?: AnswerCutOff | undefined;
  /** The thread's number of turns once this one was committed; undefined when it was not stored. */
  turnCount?: number;
  /**
   * Set when the model answered but the store was unavailable when the turn was committed: the
   * answer is returned unsaved, with no thread to continue (`threadId` is '') and no usage record
   * or audit event of the turn (see `isStoreOutage`).
   */
  notSaved?: TurnNotSaved | undefined;
}
