import type { ModelInfo } from '../model-catalogue/model-info.js';
import { autoScore, describeRequirements } from './auto-ranking.js';
import type { AutoChoice, AutoRequirements } from './provider-registry.js';

type Candidate = { provider: { providerId: string }; info: ModelInfo };

const specOf = ({ provider, info }: Candidate) => `${provider.providerId}:${info.id}`;

/**
 * Why `auto` picked the first of its ranked candidates, in one sentence a user can check against
 * `listmodels`: what put it first (its catalogue rank, or its `fast`/`deep` score), how many
 * allowed models of the usable providers offered what the call needed, and the runner-up.
 */
export function explainAutoChoice(
  ranked: readonly Candidate[],
  requirements: AutoRequirements = {},
): AutoChoice | undefined {
  const [best, next] = ranked;
  if (best === undefined) return undefined;
  const task = requirements.task ?? 'balanced';
  const measure = (info: ModelInfo) =>
    task === 'balanced'
      ? `rank ${info.rank ?? 'unset'}`
      : `${task} score ${Math.round(autoScore(info, task) * 10) / 10}`;
  const providers = [...new Set(ranked.map((candidate) => candidate.provider.providerId))].join(', ');
  const needs = describeRequirements(requirements);
  const offering = needs === 'no particular capability' ? '' : ` that offer ${needs}`;
  const pool = `allowed model${ranked.length === 1 ? '' : 's'} of the usable providers (${providers})${offering}`;
  const spec = specOf(best);
  const first =
    task === 'balanced'
      ? `the highest catalogue rank (${measure(best.info)})`
      : `the highest ${measure(best.info)} (from its catalogue rank, price and thinking)`;
  const reason =
    next === undefined
      ? `it is the only ${pool} (${measure(best.info)})`
      : `it has ${first} of the ${ranked.length} ${pool}; next was ${specOf(next)} (${measure(next.info)})`;
  return { spec, reason: `auto picked ${spec}: ${reason}.` };
}
