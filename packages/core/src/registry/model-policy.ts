import { ModelNotAllowedError } from '../errors/model-not-allowed-error.js';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';

interface ModelPattern {
  source: string;
  /** Unset for a bare pattern, which matches at any provider. */
  provider: RegExp | undefined;
  model: RegExp;
}

/** A model as the policy sees it: its provider, its id and its aliases. */
export interface PolicySubject {
  providerId: string;
  modelId: string;
  aliases?: readonly string[] | undefined;
}

export interface PolicyVerdict {
  allowed: boolean;
  /** The deny pattern that refused the model; unset when it matched no allow pattern. */
  deniedBy?: string | undefined;
}

/** The allow/deny lists of a registry. */
export interface ModelPolicy {
  check(subject: PolicySubject): PolicyVerdict;
  /** Throws `ModelNotAllowedError` unless the model is allowed. */
  assert(subject: PolicySubject): void;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`, 'i');
}

/**
 * `provider:model` when the part before the first `:` is a known provider id or contains `*`;
 * otherwise the whole pattern names a model id (ids such as `llama3.1:8b` contain colons).
 */
function parsePattern(source: string, providerIds: ReadonlySet<string>, option: string): ModelPattern {
  const pattern = source.trim();
  if (pattern === '') {
    throw new InvalidArgumentError({ argument: option, message: `\`${option}\` contains an empty pattern.` });
  }
  const colon = pattern.indexOf(':');
  const prefix = colon > 0 ? pattern.slice(0, colon) : undefined;
  if (prefix !== undefined && (prefix.includes('*') || providerIds.has(prefix.toLowerCase()))) {
    return { source, provider: globToRegExp(prefix), model: globToRegExp(pattern.slice(colon + 1)) };
  }
  return { source, provider: undefined, model: globToRegExp(pattern) };
}

function matches(pattern: ModelPattern, { providerId, modelId, aliases = [] }: PolicySubject): boolean {
  if (pattern.provider && !pattern.provider.test(providerId)) return false;
  return [modelId, ...aliases].some((name) => pattern.model.test(name));
}

export function createModelPolicy({
  allow,
  deny = [],
  providerIds,
}: {
  allow: readonly string[] | undefined;
  deny: readonly string[] | undefined;
  providerIds: ReadonlySet<string>;
}): ModelPolicy {
  const allowed = allow?.map((source) => parsePattern(source, providerIds, 'allow'));
  const denied = deny.map((source) => parsePattern(source, providerIds, 'deny'));

  function check(subject: PolicySubject): PolicyVerdict {
    const deniedBy = denied.find((pattern) => matches(pattern, subject));
    if (deniedBy) return { allowed: false, deniedBy: deniedBy.source };
    if (allowed && !allowed.some((pattern) => matches(pattern, subject))) {
      return { allowed: false, deniedBy: undefined };
    }
    return { allowed: true };
  }

  return {
    check,
    assert(subject) {
      const verdict = check(subject);
      if (!verdict.allowed) {
        throw new ModelNotAllowedError({
          model: `${subject.providerId}:${subject.modelId}`,
          deniedBy: verdict.deniedBy,
        });
      }
    },
  };
}
