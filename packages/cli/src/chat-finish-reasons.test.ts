import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createFakeUpstream, type FakeReply, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let upstream: FakeUpstream;

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-chat-finish-'));
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
  rmSync(directory, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

/** `exai chat -m kimi-k2 … hello` against the fake upstream, which answers with `reply`. */
function chat(reply: FakeReply, flags: string[] = []) {
  upstream.enqueue({ reply: { chunks: 3, ...reply } });
  return runCliCaptured({
    argv: ['chat', '-m', 'kimi-k2', ...flags, 'hello'],
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      NO_COLOR: '1',
      KIMI_API_KEY: 'test-key-kimi',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
    cwd: directory,
    // A terminal on stdin: the prompt is the argument, with no wait for piped text.
    tty: true,
  });
}

const spec = 'kimi:kimi-k2-0905-preview';
/** kimi-k2's max output in the catalogue, the most `--max-tokens` can ask of it. */
const kimiMaxOutput = 32_768;

/** The lines of stderr that start with `exai: ` (warnings and errors), without the summary. */
function exaiLines(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.startsWith('exai: '));
}

describe('exai chat with an empty answer', () => {
  it('fails with empty_answer, exit code 1, and prints nothing on stdout', async () => {
    const result = await chat({ text: '', finishReason: 'stop' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `exai: empty_answer: ${spec} returned an empty answer (finish reason stop): it sent no answer ` +
        'text at all. Ask again, or ask another model. Nothing of it was kept.\n',
    );
  });

  it('counts a blank answer as empty, writing none of its whitespace to stdout', async () => {
    const result = await chat({ text: ' \n\n  \n', finishReason: 'stop' });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(exaiLines(result.stderr)).toEqual([expect.stringMatching(/^exai: empty_answer: /)]);
  });

  it('still prints an answer that starts with blank lines, whole', async () => {
    const result = await chat({ text: '\n\n  Indented answer.', finishReason: 'stop' });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('\n\n  Indented answer.\n');
  });

  it('says a reasoning model spent its --max-tokens thinking, on the line after the reasoning', async () => {
    const result = await chat({ text: '', reasoning: 'Let me weigh every option', finishReason: 'length' }, [
      '--max-tokens',
      '50',
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'Let me weigh every option\n' +
        `exai: empty_answer: ${spec} returned an empty answer (finish reason length): it reached its ` +
        'output limit of 50 tokens while it was still reasoning, before writing any answer text. Ask ' +
        'for less at once, use a lower thinking level (or none), or use a model with more output ' +
        'room. Nothing of it was kept. With exai chat, a larger --max-tokens gives the model more ' +
        'room (up to its max output, which exai models lists).\n',
    );
    expect(upstream.requests[0]?.body).toMatchObject({ max_tokens: 50 });
  });
});

describe('exai chat with an answer cut off at the output limit', () => {
  it('prints the answer on stdout and a cut off warning with the --max-tokens limit last on stderr', async () => {
    const result = await chat({ text: 'The three reasons are: one, two and', finishReason: 'length' }, [
      '--max-tokens',
      '100',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('The three reasons are: one, two and\n');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${spec} · \\d+ in / \\d+ out tokens`));
    expect(lines.slice(1)).toEqual([
      'exai: warning: cut off: the answer stopped at the output limit of 100 tokens, so it is ' +
        `incomplete; for more, run it again with --max-tokens above 100 (this model allows up to ${kimiMaxOutput}).`,
    ]);
  });

  it("names the tokens the answer took when no --max-tokens was sent (the upstream's own limit)", async () => {
    const result = await chat({
      text: 'A long answer that',
      finishReason: 'length',
      usage: { prompt_tokens: 12, completion_tokens: 4096 },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('A long answer that\n');
    expect(upstream.requests[0]?.body).not.toHaveProperty('max_tokens');
    expect(exaiLines(result.stderr)).toEqual([
      "exai: warning: cut off: the answer stopped at the model's output limit after 4096 tokens, so " +
        'it is incomplete; for more, run it again with --max-tokens above 4096 (this model allows up ' +
        `to ${kimiMaxOutput}).`,
    ]);
  });

  it('says --max-tokens cannot help once the limit is the most the model allows', async () => {
    const result = await chat({ text: 'A very long answer that', finishReason: 'length' }, [
      '--max-tokens',
      '999999',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('A very long answer that\n');
    expect(exaiLines(result.stderr)).toEqual([
      `exai: warning: maxOutputTokens 999999 exceeds the ${kimiMaxOutput} that kimi-k2-0905-preview allows; capped.`,
      `exai: warning: cut off: the answer stopped at the output limit of ${kimiMaxOutput} tokens, so it ` +
        'is incomplete; that is the most this model writes at once, so for more ask for less at a time ' +
        "or use a model with more output room (exai models lists each model's max output).",
    ]);
  });

  it('adds no warning to an answer that ended by itself', async () => {
    const result = await chat({ text: 'Complete.', finishReason: 'stop' }, ['--max-tokens', '100']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Complete.\n');
    expect(exaiLines(result.stderr)).toEqual([]);
  });
});
