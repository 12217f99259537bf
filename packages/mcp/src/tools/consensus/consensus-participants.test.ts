import type { TurnRecord } from '@exai/core';
import { describe, expect, it } from 'vitest';
import type { LoadedThread } from '../../model-turn/load-thread.js';
import { participantView } from './consensus-participants.js';

let seq = 0;
function turn(partial: Partial<TurnRecord> & Pick<TurnRecord, 'role' | 'content'>): TurnRecord {
  seq += 1;
  return {
    tenantId: 't',
    threadId: 'th',
    seq,
    metadata: {},
    createdAt: new Date(),
    ...partial,
  } as TurnRecord;
}

describe('participantView', () => {
  const turns = [
    turn({ role: 'user', content: 'Q1', toolName: 'consensus' }),
    // Stored before participants were recorded: matched by model and stance.
    turn({
      role: 'assistant',
      content: 'old kimi for',
      toolName: 'consensus',
      model: 'kimi:k2',
      metadata: { stance: 'for' },
    }),
    turn({
      role: 'assistant',
      content: 'old glm against',
      toolName: 'consensus',
      model: 'glm:g',
      metadata: { stance: 'against' },
    }),
    turn({
      role: 'assistant',
      content: 'synth',
      toolName: 'consensus',
      model: 'kimi:k2',
      metadata: { synthesis: true },
    }),
    turn({ role: 'user', content: 'chat q', toolName: 'chat' }),
    turn({ role: 'assistant', content: 'chat a', toolName: 'chat', model: 'glm:g' }),
    turn({ role: 'user', content: 'Q2', toolName: 'consensus' }),
    // kimi failed over to glm: the answer is still kimi's participant's.
    turn({
      role: 'assistant',
      content: 'new kimi for',
      toolName: 'consensus',
      model: 'glm:g',
      metadata: { stance: 'for', participant: 'kimi:k2/for' },
    }),
    turn({
      role: 'assistant',
      content: 'new glm for',
      toolName: 'consensus',
      model: 'glm:g',
      metadata: { stance: 'for', participant: 'glm:g/for' },
    }),
  ];
  const thread = { thread: { id: 'th' }, turns } as unknown as LoadedThread;

  it("keeps the questions, other tools' turns and the participant's own answers only", () => {
    const kimi = participantView(thread, {
      model: 'kimi-k2',
      stance: 'for',
      spec: 'kimi:k2',
      key: 'kimi:k2/for',
    });
    expect(kimi.turns.map((entry) => entry.content)).toEqual([
      'Q1',
      'old kimi for',
      'chat q',
      'chat a',
      'Q2',
      'new kimi for',
    ]);
    const glm = participantView(thread, { model: 'glm', stance: 'for', spec: 'glm:g', key: 'glm:g/for' });
    expect(glm.turns.map((entry) => entry.content)).toEqual(['Q1', 'chat q', 'chat a', 'Q2', 'new glm for']);
  });
});
