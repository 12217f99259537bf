import { InvalidArgumentError, type TurnRecord } from '@exai/core';
import type { LoadedThread } from '../../model-turn/load-thread.js';
import type { ToolContext } from '../tool-context.js';
import type { ConsensusStance } from './consensus-prompts.js';

/** One entry of `models`, as the caller gave it. */
export interface ConsensusEntry {
  model: string;
  stance: ConsensusStance;
  stance_prompt?: string | undefined;
}

/** A consensus model as it takes part: the entry, the `provider:model` it names, and its key. */
export interface ConsensusParticipant extends ConsensusEntry {
  /** `provider:model` the name resolves to, or undefined when it does not resolve (the call fails then). */
  spec: string | undefined;
  /** `provider:model/stance`: who gave an answer, stored with it, so a later round finds its own. */
  key: string;
}

/** The `provider:model` a model name resolves to, or undefined when it does not resolve. */
export function resolvedSpec(context: ToolContext, model: string): string | undefined {
  try {
    return context.runtime.registry.resolve(model).spec;
  } catch {
    return undefined;
  }
}

/**
 * The participants of a round. A model named twice with one stance (`kimi-k2` and
 * `kimi:kimi-k2`, or `auto` and the model it picks, count as one model) would answer the same
 * question twice from the same side: that is an `invalid_argument` naming both entries.
 */
export function consensusParticipants<Entry extends ConsensusEntry>(
  context: ToolContext,
  entries: readonly Entry[],
): Array<Entry & ConsensusParticipant> {
  const byKey = new Map<string, number>();
  return entries.map((entry, index) => {
    const spec = resolvedSpec(context, entry.model);
    const key = `${spec ?? entry.model.trim()}/${entry.stance}`;
    const earlier = byKey.get(key.toLowerCase());
    if (earlier !== undefined) {
      const first = entries[earlier]?.model ?? '';
      throw new InvalidArgumentError({
        argument: 'models',
        message:
          `models lists ${spec ?? entry.model} with stance "${entry.stance}" twice ` +
          `(entry ${earlier + 1}: "${first}", entry ${index + 1}: "${entry.model}"). Each model may ` +
          'appear once per stance: remove one, or give it another stance (its stance_prompt can ' +
          'still say how it should argue).',
      });
    }
    byKey.set(key.toLowerCase(), index);
    return { ...entry, spec, key };
  });
}

/**
 * The thread as one participant sees it: blind on continuation too. The other consensus models'
 * answers and every synthesis are left out; the user's messages, this participant's own earlier
 * answers and other tools' turns stay. Answers stored before participants were recorded are
 * matched by the model that gave them and their stance.
 */
export function participantView(thread: LoadedThread, participant: ConsensusParticipant): LoadedThread {
  const own = (turn: TurnRecord): boolean => {
    const recorded = turn.metadata.participant;
    if (typeof recorded === 'string') return recorded.toLowerCase() === participant.key.toLowerCase();
    if (turn.metadata.synthesis === true) return false;
    return (
      `${turn.model ?? ''}/${String(turn.metadata.stance)}`.toLowerCase() === participant.key.toLowerCase()
    );
  };
  return {
    thread: thread.thread,
    turns: thread.turns.filter(
      (turn) => !(turn.toolName === 'consensus' && turn.role === 'assistant') || own(turn),
    ),
  };
}
