import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotAllowedError } from '../errors/model-not-allowed-error.js';
import type { LanguageModelV1 } from '../language-model/v1/language-model-v1.js';
import { meetsRequirements } from './auto-ranking.js';
import { withModelSource } from './model-source-note.js';
import type { ChainEntry } from './chain-entry.js';
import { generateWithFallback } from './generate-with-fallback.js';
import { explainAutoChoice } from './explain-auto-choice.js';
import { createModelResolver } from './model-resolver.js';
import type {
  AutoRequirements,
  ModelCallPlan,
  ModelTarget,
  ProviderRegistry,
  ProviderRegistryOptions,
  ResolvedModel,
} from './provider-registry.js';
import { streamWithFallback } from './stream-with-fallback.js';

/** Fallback keys without case or surrounding space; two keys that collide that way are an error. */
function normalizeFallbacks(
  fallbacks: Readonly<Record<string, readonly string[]>>,
): Map<string, readonly string[]> {
  const invalid = (problem: string) =>
    new InvalidArgumentError({ argument: 'fallbacks', message: `\`fallbacks\` ${problem}.` });
  const table = new Map<string, readonly string[]>();
  for (const [key, specs] of Object.entries(fallbacks)) {
    const normalized = key.trim().toLowerCase();
    if (normalized === '') throw invalid('has an empty key');
    if (table.has(normalized)) throw invalid(`has the key "${key}" twice (keys ignore case)`);
    if (specs.some((spec) => spec.trim() === '')) throw invalid(`lists an empty model for "${key}"`);
    table.set(
      normalized,
      specs.map((spec) => spec.trim()),
    );
  }
  return table;
}

/**
 * A registry over several providers: resolves model specs, applies allow/deny lists, picks
 * models for `auto`, and runs fallback chains.
 *
 * Resolution (`resolve`):
 * - `''`/`undefined` → `defaultModel`; `auto` → `pickAuto(requirements)`;
 * - `provider:model` when the part before the first `:` is a registered provider id: the model
 *   is looked up by id or alias in that provider's list, and an unlisted id is passed through;
 * - anything else is a bare id or alias, which exactly one provider must list (else
 *   `NoSuchModelError` with close matches, or `InvalidArgumentError` naming each `provider:model`
 *   when several do). Requirements do not veto a model named explicitly.
 *
 * The chain of a spec (`chain`, `generate`, `stream`):
 * 1. the resolved model;
 * 2. for `auto`, unless `fallbacks.auto` is set: the best candidate of each other usable
 *    provider, in `auto` order;
 * 3. the fallbacks under the first key present among: the spec as given, its canonical
 *    `provider:id`, `provider:alias`, its id, its aliases — else under `*`. Fallbacks are not
 *    followed transitively.
 * Duplicates, denied models and models whose catalogue entry misses the requirements are dropped;
 * a fallback that does not resolve (say, its provider is not configured) stays in the chain and
 * is recorded as a failed attempt if reached.
 */
export function createProviderRegistry({
  providers,
  allow,
  deny,
  fallbacks = {},
  defaultModel = 'auto',
  defaultModelSource,
  isProviderUsable = () => true,
  explainNoAutoModel,
}: ProviderRegistryOptions): ProviderRegistry {
  const resolver = createModelResolver({ providers, allow, deny, isProviderUsable, explainNoAutoModel });
  const fallbackTable = normalizeFallbacks(fallbacks);

  const effectiveSpec = (spec: string | undefined): string => spec?.trim() || defaultModel.trim() || 'auto';
  const isAuto = (spec: string): boolean => spec.toLowerCase() === 'auto';

  function resolve(spec: string | undefined, requirements?: AutoRequirements): ResolvedModel {
    const wanted = effectiveSpec(spec);
    if (isAuto(wanted)) return resolver.pickAuto(requirements);
    try {
      return resolver.resolveNamed(wanted);
    } catch (error) {
      const fromDefault = !spec?.trim() && defaultModelSource !== undefined;
      throw fromDefault ? withModelSource(error, { model: wanted, source: defaultModelSource }) : error;
    }
  }

  function configuredFallbacks(wanted: string, primary: ResolvedModel): readonly string[] {
    const providerId = primary.provider.providerId;
    const modelId = primary.spec.slice(providerId.length + 1);
    const aliases = primary.info?.aliases ?? [];
    const keys = [
      wanted,
      primary.spec,
      ...aliases.map((alias) => `${providerId}:${alias}`),
      modelId,
      ...aliases,
    ];
    for (const key of keys) {
      const specs = fallbackTable.get(key.toLowerCase());
      if (specs) return specs;
    }
    return fallbackTable.get('*') ?? [];
  }

  function buildChain(spec: string | undefined, requirements: AutoRequirements = {}): ChainEntry[] {
    const wanted = effectiveSpec(spec);
    const primary = resolve(spec, requirements);
    const entries: ChainEntry[] = [{ resolved: primary }];
    const seen = new Set([primary.spec.toLowerCase()]);

    const add = (resolved: ResolvedModel): void => {
      const key = resolved.spec.toLowerCase();
      if (seen.has(key) || (resolved.info && !meetsRequirements(resolved.info, requirements))) return;
      seen.add(key);
      entries.push({ resolved });
    };

    if (isAuto(wanted) && !fallbackTable.has('auto')) {
      const bestByProvider = new Map<string, ResolvedModel>();
      for (const candidate of resolver.autoCandidates(requirements)) {
        const providerId = candidate.provider.providerId;
        if (providerId !== primary.provider.providerId && !bestByProvider.has(providerId)) {
          bestByProvider.set(providerId, resolver.toResolved(candidate));
        }
      }
      for (const resolved of bestByProvider.values()) add(resolved);
    }

    for (const fallbackSpec of configuredFallbacks(wanted, primary)) {
      let resolved: ResolvedModel;
      try {
        resolved = resolve(fallbackSpec, requirements);
      } catch (error) {
        const key = `unresolved ${fallbackSpec.toLowerCase()}`;
        if (!ModelNotAllowedError.isInstance(error) && !seen.has(key)) {
          seen.add(key);
          entries.push({ spec: fallbackSpec, error });
        }
        continue;
      }
      add(resolved);
    }
    return entries;
  }

  function plan(spec: string | undefined, requirements: AutoRequirements = {}): ModelCallPlan {
    const entries = buildChain(spec, requirements);
    const [first] = entries;
    // buildChain always starts with the resolved primary (it throws when that does not resolve).
    if (first === undefined || !('resolved' in first)) throw new Error('a chain starts with its model');
    const auto = isAuto(effectiveSpec(spec))
      ? explainAutoChoice(resolver.autoCandidates(requirements), requirements)
      : undefined;
    return {
      kind: 'model-call-plan',
      primary: first.resolved,
      entries,
      requirements,
      ...(auto !== undefined && { auto }),
    };
  }

  const entriesOf = (target: ModelTarget, requirements: AutoRequirements | undefined) =>
    isPlan(target) ? target.entries : buildChain(target, requirements);

  const registry: ProviderRegistry = {
    resolve,
    listModels: () => resolver.listModels(),
    pickAuto: (requirements) => resolver.pickAuto(requirements),
    chain: (spec, requirements) =>
      buildChain(spec, requirements).flatMap((entry) => ('resolved' in entry ? [entry.resolved] : [])),
    plan,
    generate: async (target, options, requirements) =>
      generateWithFallback(entriesOf(target, requirements), options),
    stream: async (target, options, requirements) =>
      streamWithFallback(entriesOf(target, requirements), options),
    languageModel(spec, requirements): LanguageModelV1 {
      const primary = resolve(spec, requirements);
      return {
        specificationVersion: 'v1',
        provider: primary.provider.providerId,
        modelId: primary.model.modelId,
        doGenerate: (options) => registry.generate(spec, options, requirements),
        doStream: (options) => registry.stream(spec, options, requirements),
      };
    },
  };
  return registry;
}

function isPlan(target: ModelTarget): target is ModelCallPlan {
  return typeof target === 'object' && target.kind === 'model-call-plan';
}
