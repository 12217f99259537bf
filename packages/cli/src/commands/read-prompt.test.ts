import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readPrompt } from './read-prompt.js';

function piped(text?: string) {
  const stdin = Object.assign(new PassThrough(), { isTTY: undefined as boolean | undefined });
  if (text !== undefined) stdin.end(text);
  return stdin;
}

describe('readPrompt', () => {
  it('sends the argument, a blank line, then the piped text', async () => {
    const prompt = await readPrompt(['review', 'this'], { stdin: piped('diff --git a/x b/x\n+line\n') });
    expect(prompt).toBe('review this\n\ndiff --git a/x b/x\n+line');
  });

  it('keeps the argument alone when stdin is a terminal', async () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    stdin.end('never read');
    expect(await readPrompt(['hi'], { stdin })).toBe('hi');
  });

  it('keeps the argument alone when the pipe is empty or stays silent', async () => {
    expect(await readPrompt(['hi'], { stdin: piped('') })).toBe('hi');
    expect(await readPrompt(['hi'], { stdin: piped(), pipedInputWaitInMs: 20 })).toBe('hi');
  });

  it('reads stdin alone without an argument, or with -', async () => {
    expect(await readPrompt([], { stdin: piped('from the pipe\n') })).toBe('from the pipe');
    expect(await readPrompt(['-'], { stdin: piped('dash') })).toBe('dash');
  });
});
