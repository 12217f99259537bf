import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../errors/invalid-argument-error.js';
import { requireJsonObject } from './validate-store-input.js';

const roundTrip = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('requireJsonObject', () => {
  it('copies as a JSON round trip would, flat objects and nested ones alike', () => {
    const samples: Record<string, unknown>[] = [
      {},
      { tool: 'chat', inputTokens: 3, ok: true, none: null, minusZero: -0 },
      { skipped: undefined, kept: 'x' },
      { notFinite: Number.NaN, infinite: Number.POSITIVE_INFINITY },
      { at: new Date(0), nested: { a: [1, 'b'] } },
      Object.assign(Object.create(null) as Record<string, unknown>, { bare: 1 }),
      JSON.parse('{"__proto__": {"polluted": true}, "a": 1}') as Record<string, unknown>,
      { toJSON: () => ({ replaced: true }) },
      { files: ['a.ts', 'b.ts'], nested: { list: [{ n: 1 }, [true, null]] } },
      { holes: [1, undefined, 3], sparse: new Array(2) },
      { deep: JSON.parse(`${'['.repeat(40)}1${']'.repeat(40)}`) as unknown },
      { dated: [new Date(0)], symbol: Symbol('s'), fn: () => 1 },
    ];
    for (const sample of samples) {
      const copy = requireJsonObject('metadata', sample);
      expect(copy).toStrictEqual(roundTrip(sample));
      expect(copy).not.toBe(sample);
    }
  });

  it('leaves the copy unaffected by later changes to the input', () => {
    const input: Record<string, unknown> = { a: 1 };
    const copy = requireJsonObject('metadata', input);
    input['a'] = 2;
    expect(copy).toEqual({ a: 1 });
  });

  it('refuses what is not a plain JSON object', () => {
    for (const value of [null, [], 'text', 1]) {
      expect(() => requireJsonObject('metadata', value)).toThrow(InvalidArgumentError);
    }
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    expect(() => requireJsonObject('metadata', cyclic)).toThrow(/must be serialisable as JSON/);
    expect(() => requireJsonObject('metadata', { big: 1n })).toThrow(/must be serialisable as JSON/);
  });
});
