import type { ModelInfo } from '../model-catalogue/model-info.js';
import type { FallbackAttempt } from '../errors/all-models-failed-error.js';
import type { LanguageModelV1 } from '../language-model/v1/language-model-v1.js';
import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import type { LanguageModelV1GenerateResult } from '../language-model/v1/language-model-v1-result.js';
import type { LanguageModelV1StreamResult } from '../language-model/v1/language-model-v1-stream-part.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { ChainEntry } from './chain-entry.js';

/** What `auto` picks for: `fast` favours cheap, quick models; `deep` favours thinking ones. */
export type AutoTask = 'fast' | 'balanced' | 'deep';

/** What a model must offer to be picked by `auto` or kept as a fallback. */
export interface AutoRequirements {
  thinking?: boolean;
  vision?: boolean;
  tools?: boolean;
  webSearch?: boolean;
  /** Fewest tokens of context the model must take. */
  minContextWindow?: number;
  /** Default `balanced`. */
  task?: AutoTask;
}

export interface ProviderRegistryOptions {
  /** Providers by `providerId` (compared without case); a duplicate id is an error. */
  providers: readonly ProviderV1[];
  /**
   * Model patterns; when set, only matching models resolve. `kimi:*` (a whole provider),
   * `glm:glm-4.6` (one model), `gpt-4.1` (that id or alias at any provider), `openrouter:openai/*`.
   * `*` matches any run of characters; case is ignored.
   */
  allow?: readonly string[];
  /** Patterns refused, in the same syntax; deny wins over allow. */
  deny?: readonly string[];
  /**
   * Model spec → ordered fallback specs, e.g. `{ 'kimi-k2': ['glm:glm-4.6'] }`. The key `*` is the
   * chain for every model without a key of its own; `auto` is the chain for `auto`.
   */
  fallbacks?: Readonly<Record<string, readonly string[]>>;
  /** What `''` and `undefined` resolve to. Default `auto`. */
  defaultModel?: string;
  /**
   * Where `defaultModel` was written (e.g. `defaultModel in /home/me/exai.config.json`): named in
   * the error when it does not resolve, so the user knows where to fix it.
   */
  defaultModelSource?: string;
  /**
   * Whether `auto` may pick the provider's models, e.g. only when its API key is configured.
   * Explicitly named models resolve regardless. Default: every provider is usable.
   */
  isProviderUsable?: (provider: ProviderV1) => boolean;
  /**
   * When `auto` finds no model: an error that explains why better than `no_such_model` (say, no
   * provider has a key, naming the variables to set). Return `undefined` to keep `no_such_model`.
   */
  explainNoAutoModel?: (requirements: AutoRequirements) => Error | undefined;
}

/** A model spec resolved to a provider and a model. */
export interface ResolvedModel {
  /** Canonical `provider:modelId`, with the catalogue id rather than an alias. */
  spec: string;
  provider: ProviderV1;
  /** The catalogue entry; `undefined` for an id the provider does not list (passed through). */
  info: ModelInfo | undefined;
  model: LanguageModelV1;
}

/**
 * A model spec resolved once, with its fallback chain and the requirements it was resolved for.
 * Pass it to `generate`/`stream` in place of the spec: nothing is resolved again, so a call that
 * checks the model first (its context window, vision) and then calls it pays for one resolution.
 */
export interface ModelCallPlan {
  readonly kind: 'model-call-plan';
  /** The chain's first model. */
  readonly primary: ResolvedModel;
  readonly entries: readonly ChainEntry[];
  readonly requirements: AutoRequirements;
  /** Set when the spec meant `auto` (named so, or as the default model): what it picked and why. */
  readonly auto?: AutoChoice;
}

/** Which model `auto` picked for a call, and why. */
export interface AutoChoice {
  /** `provider:model`. */
  spec: string;
  /**
   * One sentence naming the model, what the call needed, how many models qualified and the
   * runner-up, e.g. `auto picked kimi:kimi-k2-thinking: it has the highest catalogue rank (rank 95)
   * of the 3 allowed models of the usable providers (kimi, glm) that offer thinking; next was
   * glm:glm-4.6 (rank 90).`
   */
  reason: string;
}

/** A spec to resolve (`undefined` or `''` is the default model), or a plan resolved before. */
export type ModelTarget = string | undefined | ModelCallPlan;

/** Which model answered, and the models that failed before it (in order). */
export interface RegistryCallMetadata {
  answeredBy: ResolvedModel;
  fallbacks: FallbackAttempt[];
}

export type RegistryGenerateResult = LanguageModelV1GenerateResult & RegistryCallMetadata;
export type RegistryStreamResult = LanguageModelV1StreamResult & RegistryCallMetadata;

export interface ProviderRegistry {
  /**
   * Resolves `provider:model`, a bare id or alias, or `auto` (requirements apply to `auto` only).
   * Throws `NoSuchModelError` (with suggestions), `ModelNotAllowedError`, or
   * `InvalidArgumentError` for a bare name several providers list.
   */
  resolve(spec: string | undefined, requirements?: AutoRequirements): ResolvedModel;
  /** Every provider's models, allow/deny applied. */
  listModels(): ModelInfo[];
  /** The best-ranked allowed model of a usable provider that meets the requirements. */
  pickAuto(requirements?: AutoRequirements): ResolvedModel;
  /** The model, then its fallbacks: deduplicated, allow/deny and requirements applied. */
  chain(spec: string | undefined, requirements?: AutoRequirements): ResolvedModel[];
  /**
   * Resolves the spec and its fallback chain once, throwing as `resolve` does; the plan can be
   * inspected (`plan.primary.info`) and then passed to `generate` or `stream`.
   */
  plan(spec: string | undefined, requirements?: AutoRequirements): ModelCallPlan;
  /**
   * Generates with the first model of the chain that answers. With a plan, `requirements` is
   * ignored (the plan's own apply).
   */
  generate(
    target: ModelTarget,
    options: LanguageModelV1CallOptions,
    requirements?: AutoRequirements,
  ): Promise<RegistryGenerateResult>;
  /** Streams from the first model of the chain that delivers a first part without an error. */
  stream(
    target: ModelTarget,
    options: LanguageModelV1CallOptions,
    requirements?: AutoRequirements,
  ): Promise<RegistryStreamResult>;
  /**
   * A model whose calls run the fallback chain. Its `provider` and `modelId` name the chain's
   * first model at creation; the chain itself is resolved again on every call.
   */
  languageModel(spec: string | undefined, requirements?: AutoRequirements): LanguageModelV1;
}
