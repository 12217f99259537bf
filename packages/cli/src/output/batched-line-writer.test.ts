import { describe, expect, it } from 'vitest';
import { createBatchedLineWriter } from './batched-line-writer.js';

describe('createBatchedLineWriter', () => {
  it('writes the lines of one event-loop turn in one write, in order', async () => {
    const writes: string[] = [];
    const writer = createBatchedLineWriter({ write: (text: string) => writes.push(text) });
    writer.write('one');
    writer.write('two');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\ntwo\n']);
    writer.write('three');
    writer.flush();
    expect(writes).toEqual(['one\ntwo\n', 'three\n']);
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toHaveLength(2);
  });
});
