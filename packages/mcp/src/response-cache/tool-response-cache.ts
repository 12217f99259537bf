import type { ModelCallPlan } from '@exai/core';
import type { ToolResult } from '../tools/define-tool.js';
import type { ToolContext } from '../tools/tool-context.js';

/**
 * A tool's declaration that the response cache may answer it (docs/caching.md): an identical
 * fresh call — same tenant, input, resolved models, prompts and file contents — may get the
 * earlier result instead of asking the models again. Only tools whose fresh call has no effect
 * beyond starting its own thread declare it; a call with a `continuation_id` is never cached.
 */
export interface ToolResponseCache<Input = Record<string, unknown>> {
  /**
   * A conversational tool (`chat`, `consensus`): cached only when `cache.tools` names it, never
   * just because the cache is on.
   */
  chatLike: boolean;
  /** The system prompts and fixed instructions the tool sends: a change to any is a miss. */
  prompts: readonly string[];
  /** The input's paths of files and folders the answer reads; their contents (bytes) key the entry. */
  files(input: Input): readonly (string | undefined)[];
  /**
   * The `provider:model`s (and search APIs) the call will use, resolved as the tool resolves them
   * (defaults, `auto`, fallbacks). Throwing skips the cache: the call then fails on its own terms.
   */
  models(input: Input, context: ToolContext): readonly string[];
  /** Whether a result may be stored (not one where a model failed, say). Default: every result. */
  keep?(result: ToolResult): boolean;
}

/** Every `provider:model` of a plan, the primary first, then its fallbacks in order. */
export function planSpecs(plan: ModelCallPlan): string[] {
  return plan.entries.map((entry) => ('resolved' in entry ? entry.resolved.spec : entry.spec));
}
