import { describe, expect, it } from 'vitest';
import { createRecordId } from './create-record-id.js';

const uuidV7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRecordId', () => {
  it('makes version 7 UUIDs that carry the time in their first 48 bits', () => {
    const at = Date.UTC(2026, 11, 7, 18, 30);
    const id = createRecordId(at);
    expect(id).toMatch(uuidV7);
    expect(Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16)).toBe(at);
  });

  it('sorts ids of later milliseconds after earlier ones, as text too', () => {
    const ids = [0, 1, 255, 256, 65_536, Date.now(), 2 ** 44 + 7].map((at) => createRecordId(at));
    expect([...ids].sort()).toEqual(ids);
  });

  it('gives different ids within one millisecond', () => {
    const at = Date.now();
    const ids = new Set(Array.from({ length: 1000 }, () => createRecordId(at)));
    expect(ids.size).toBe(1000);
    for (const id of ids) expect(id).toMatch(uuidV7);
  });

  it('sorts ids made within one millisecond in the order they were made', () => {
    const at = Date.now() + 60_000;
    const ids = Array.from({ length: 500 }, () => createRecordId(at));
    expect([...ids].sort()).toEqual(ids);
  });

  it('uses the time of the call by default', () => {
    const before = Date.now();
    const id = createRecordId();
    const at = Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
    expect(at).toBeGreaterThanOrEqual(before);
    expect(at).toBeLessThanOrEqual(Date.now());
  });
});
