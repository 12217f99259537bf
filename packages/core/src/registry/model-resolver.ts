import { findModelInfo } from '../model-catalogue/find-model-info.js';
import type { ModelInfo } from '../model-catalogue/model-info.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { ModelNotAllowedError } from '../errors/model-not-allowed-error.js';
import { NoSuchModelError } from '../errors/no-such-model-error.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { describeRequirements, meetsRequirements, rankForAuto } from './auto-ranking.js';
import { createModelPolicy, type PolicySubject } from './model-policy.js';
import type { AutoRequirements, ResolvedModel } from './provider-registry.js';
import { suggestModelNames, type SuggestionCandidate } from './suggest-model-names.js';

/** A catalogue entry of a registered provider. */
export interface ProviderModel {
  provider: ProviderV1;
  info: ModelInfo;
}

/** Turns names into models: everything of the registry except fallback chains. */
export interface ModelResolver {
  /** `provider:model` or a bare id/alias; never `auto`. */
  resolveNamed(spec: string): ResolvedModel;
  /** Allowed, non-deprecated models of usable providers that meet the requirements, best first. */
  autoCandidates(requirements?: AutoRequirements): ProviderModel[];
  toResolved(candidate: ProviderModel): ResolvedModel;
  pickAuto(requirements?: AutoRequirements): ResolvedModel;
  listModels(): ModelInfo[];
}

function indexProviders(providers: readonly ProviderV1[]): Map<string, ProviderV1> {
  const byId = new Map<string, ProviderV1>();
  for (const provider of providers) {
    const id = provider.providerId.toLowerCase();
    if (byId.has(id)) {
      throw new InvalidArgumentError({
        argument: 'providers',
        message: `Two providers have the id "${provider.providerId}"; provider ids must be unique.`,
      });
    }
    byId.set(id, provider);
  }
  return byId;
}

const subjectOf = ({ provider, info }: ProviderModel): PolicySubject => ({
  providerId: provider.providerId,
  modelId: info.id,
  aliases: info.aliases,
});

const qualified = ({ provider, info }: ProviderModel) => `${provider.providerId}:${info.id}`;

export function createModelResolver({
  providers,
  allow,
  deny,
  isProviderUsable,
  explainNoAutoModel,
}: {
  providers: readonly ProviderV1[];
  allow: readonly string[] | undefined;
  deny: readonly string[] | undefined;
  isProviderUsable: (provider: ProviderV1) => boolean;
  explainNoAutoModel?: ((requirements: AutoRequirements) => Error | undefined) | undefined;
}): ModelResolver {
  const byId = indexProviders(providers);
  const policy = createModelPolicy({ allow, deny, providerIds: new Set(byId.keys()) });

  /** A provider's catalogue, read afresh (it may change), each entry naming the registered id. */
  function catalogueOf(provider: ProviderV1): ModelInfo[] {
    return provider
      .listModels()
      .map((info) =>
        info.provider === provider.providerId ? info : { ...info, provider: provider.providerId },
      );
  }

  function allCandidates(): ProviderModel[] {
    return providers.flatMap((provider) => catalogueOf(provider).map((info) => ({ provider, info })));
  }

  function build(provider: ProviderV1, info: ModelInfo | undefined, modelId: string): ResolvedModel {
    return {
      spec: `${provider.providerId}:${modelId}`,
      provider,
      info,
      model: provider.languageModel(modelId),
    };
  }

  /**
   * An id the provider does not list is passed through, for catalogue-backed providers too:
   * upstreams add models before catalogues do, and the upstream's own "no such model" answer is
   * the authority. Typos are caught for bare names, which must be listed somewhere.
   */
  function resolveQualified(provider: ProviderV1, name: string, spec: string): ResolvedModel {
    if (name === '') {
      throw new NoSuchModelError({
        modelId: spec,
        message: `"${spec}" names no model; write it as ${provider.providerId}:<model id>.`,
      });
    }
    const info = findModelInfo(catalogueOf(provider), name);
    const modelId = info?.id ?? name;
    policy.assert({ providerId: provider.providerId, modelId, aliases: info?.aliases });
    return build(provider, info, modelId);
  }

  function unknownModel(name: string): NoSuchModelError {
    const candidates: SuggestionCandidate[] = allCandidates()
      .filter((candidate) => policy.check(subjectOf(candidate)).allowed)
      .map((candidate) => ({
        label: qualified(candidate),
        names: [candidate.info.id, ...(candidate.info.aliases ?? []), qualified(candidate)],
      }));
    const suggestions = suggestModelNames(name, candidates);
    const colon = name.indexOf(':');
    const prefix = name.slice(0, Math.max(colon, 0));
    if (!/^[a-z][a-z0-9_-]*$/i.test(prefix)) return new NoSuchModelError({ modelId: name, suggestions });

    // `prefix:rest` where prefix looks like a provider name: suggest the providers it resembles.
    const rest = name.slice(colon + 1);
    const providerIds = providers.map((provider) => provider.providerId);
    const providerSuggestions = suggestModelNames(
      prefix,
      providerIds.map((id) => ({ label: `${id}:${rest}`, names: [id] })),
    );
    const all = [...new Set([...providerSuggestions, ...suggestions])].slice(0, 5);
    return new NoSuchModelError({
      modelId: name,
      suggestions: all,
      message:
        `Unknown model "${name}": no provider is called "${prefix}" ` +
        `(configured: ${providerIds.join(', ') || 'none'}), and none lists a model of that name.` +
        (all.length > 0 ? ` Did you mean ${all.map((s) => `"${s}"`).join(', ')}?` : '') +
        ' Write it as provider:model.',
    });
  }

  /** A bare id or alias must be listed by exactly one provider (after allow/deny). */
  function resolveBare(name: string): ResolvedModel {
    const matches = providers.flatMap((provider) => {
      const info = findModelInfo(catalogueOf(provider), name);
      return info ? [{ provider, info }] : [];
    });
    const [first] = matches;
    if (first === undefined) throw unknownModel(name);
    const allowed = matches.filter((match) => policy.check(subjectOf(match)).allowed);
    const [only, ...others] = allowed;
    if (only === undefined) {
      throw new ModelNotAllowedError({
        model: qualified(first),
        deniedBy: policy.check(subjectOf(first)).deniedBy,
      });
    }
    if (others.length > 0) {
      throw new InvalidArgumentError({
        argument: 'model',
        message:
          `Model "${name}" is ambiguous: ${allowed.map(qualified).join(', ')} all match it. ` +
          'Name one of them as provider:model.',
      });
    }
    return build(only.provider, only.info, only.info.id);
  }

  function autoCandidates(requirements: AutoRequirements = {}): ProviderModel[] {
    const eligible = providers
      .filter((provider) => isProviderUsable(provider))
      .flatMap((provider) => catalogueOf(provider).map((info) => ({ provider, info })))
      .filter(
        (candidate) =>
          candidate.info.deprecated === undefined &&
          meetsRequirements(candidate.info, requirements) &&
          policy.check(subjectOf(candidate)).allowed,
      );
    return rankForAuto(eligible, requirements.task);
  }

  return {
    resolveNamed(spec) {
      const colon = spec.indexOf(':');
      const provider = colon > 0 ? byId.get(spec.slice(0, colon).trim().toLowerCase()) : undefined;
      return provider ? resolveQualified(provider, spec.slice(colon + 1).trim(), spec) : resolveBare(spec);
    },
    autoCandidates,
    toResolved: ({ provider, info }) => build(provider, info, info.id),
    pickAuto(requirements = {}) {
      const [best] = autoCandidates(requirements);
      if (best) return build(best.provider, best.info, best.info.id);
      const explained = explainNoAutoModel?.(requirements);
      if (explained !== undefined) throw explained;
      const usable = providers.filter((provider) => isProviderUsable(provider)).map((p) => p.providerId);
      throw new NoSuchModelError({
        modelId: 'auto',
        message:
          `No allowed model meets the requirements (${describeRequirements(requirements)}) among the ` +
          `usable providers (${usable.join(', ') || 'none'}). Name a model as provider:model, ` +
          'or configure a provider whose catalogue has one.',
      });
    },
    listModels() {
      return allCandidates()
        .filter((candidate) => policy.check(subjectOf(candidate)).allowed)
        .map(({ info }) => info);
    },
  };
}
