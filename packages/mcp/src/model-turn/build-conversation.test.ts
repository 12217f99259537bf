import { describe, expect, it } from 'vitest';
import type { TurnRecord } from '@exai/core';
import { buildConversation, conversationBudget, estimateTokens } from './build-conversation.js';

function turn(seq: number, role: TurnRecord['role'], content: string): TurnRecord {
  return {
    tenantId: 'default',
    threadId: 't',
    seq,
    role,
    content,
    toolName: 'chat',
    model: undefined,
    files: [],
    idempotencyKey: undefined,
    createdAt: new Date(0),
    metadata: {},
  };
}

describe('buildConversation', () => {
  it('keeps every turn in order when they fit', () => {
    const { messages, omittedTurns } = buildConversation({
      system: 'S',
      turns: [turn(1, 'user', 'q1'), turn(2, 'assistant', 'a1')],
      prompt: 'q2',
      budgetInTokens: 1000,
    });
    expect(omittedTurns).toBe(0);
    expect(messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: 'a1' },
      { role: 'user', content: 'q2' },
    ]);
  });

  it('drops the oldest turns first, says so in the system message, and never opens with a reply', () => {
    const long = 'x'.repeat(400); // about 100 tokens
    const { messages, omittedTurns } = buildConversation({
      system: 'S',
      turns: [
        turn(1, 'user', long),
        turn(2, 'assistant', long),
        turn(3, 'user', 'q2'),
        turn(4, 'assistant', 'a2'),
      ],
      prompt: 'q3',
      budgetInTokens: 150,
    });
    expect(omittedTurns).toBe(2);
    expect(messages[0]?.content).toMatch(/the 2 oldest messages were of this conversation left out/);
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'q2' },
      { role: 'assistant', content: 'a2' },
      { role: 'user', content: 'q3' },
    ]);
  });

  it('merges consecutive turns of one role into one message, since some providers refuse them', () => {
    const { messages } = buildConversation({
      system: 'S',
      turns: [
        turn(1, 'user', 'q1'),
        turn(2, 'assistant', '[kimi, stance: for]\nyes'),
        turn(3, 'assistant', '[glm, stance: against]\nno'),
        turn(4, 'user', 'q2 (its answer was never stored)'),
      ],
      prompt: 'q3',
      budgetInTokens: 1000,
    });
    expect(messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'q1' },
      { role: 'assistant', content: '[kimi, stance: for]\nyes\n\n[glm, stance: against]\nno' },
      { role: 'user', content: 'q2 (its answer was never stored)\n\nq3' },
    ]);
  });

  it('skips turns that are neither user nor assistant', () => {
    const { messages } = buildConversation({
      system: 'S',
      turns: [turn(1, 'tool', 'output'), turn(2, 'user', 'q1'), turn(3, 'assistant', 'a1')],
      prompt: 'q2',
      budgetInTokens: 1000,
    });
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'user']);
  });
});

describe('conversationBudget', () => {
  it('is the context window minus the reply reserve', () => {
    expect(conversationBudget({ contextWindow: 100_000, maxOutputTokens: 8_000 })).toEqual({
      budgetInTokens: 92_000,
      replyReserveInTokens: 8_000,
      contextWindowInTokens: 100_000,
    });
    expect(conversationBudget({ contextWindow: 8_000, maxOutputTokens: 8_000 }).budgetInTokens).toBe(4_000);
    expect(conversationBudget(undefined).budgetInTokens).toBeGreaterThan(0);
  });

  it("reserves the caller's maxOutputTokens, capped at the model's max output and half the window", () => {
    const info = { contextWindow: 100_000, maxOutputTokens: 8_000 };
    expect(conversationBudget(info, { maxOutputTokens: 2_000 })).toMatchObject({
      budgetInTokens: 98_000,
      replyReserveInTokens: 2_000,
    });
    expect(conversationBudget(info, { maxOutputTokens: 50_000 }).replyReserveInTokens).toBe(8_000);
    expect(
      conversationBudget({ contextWindow: 10_000, maxOutputTokens: 8_000 }, { maxOutputTokens: 7_000 })
        .replyReserveInTokens,
    ).toBe(5_000);
  });

  it('estimates four characters a token', () => {
    expect(estimateTokens('abcdefgh')).toBe(2);
    expect(estimateTokens('abc')).toBe(1);
  });
});
