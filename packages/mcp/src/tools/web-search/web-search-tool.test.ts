import { createMemorySessionStore, InvalidArgumentError, StoreUnavailableError } from '@exai/core';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chatBodies, connectToolHarness, type ToolHarness } from '../tool-test-helpers.js';
import { parseSearchAnswer } from './parse-search-answer.js';

let upstream: FakeUpstream;
let harness: ToolHarness | undefined;

beforeAll(async () => {
  upstream = await createFakeUpstream();
});
afterAll(async () => {
  await upstream.close();
});
beforeEach(() => {
  upstream.reset();
});
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** Kimi's builtin loop: the fake asks for `$web_search` first; once echoed, the model answers. */
function kimiAnswersAfterSearch(text: string, finishReason = 'stop'): void {
  upstream.handle((request) => {
    const messages = (request.body as { messages?: Array<{ role: string }> }).messages ?? [];
    return messages.some((message) => message.role === 'tool')
      ? { reply: { text, finishReason } }
      : undefined;
  });
}

describe('web_search', () => {
  it('returns titles, URLs and snippets from GLM’s search API under auto', async () => {
    harness = await connectToolHarness(upstream);
    const result = await harness.call('web_search', { query: 'vitest pools', max_results: 2 });
    expect(result.isError).toBe(false);
    const search = upstream.requests.find((request) => request.path.endsWith('/web_search'));
    expect(search?.path).toBe('/glm/web_search');
    expect(search?.body).toMatchObject({ search_query: 'vitest pools', count: 2 });
    expect(search?.headers.authorization).toBe('Bearer test-key-glm');
    const structured = result.structured as {
      provider: string;
      results: Array<{ title: string; url: string }>;
    };
    expect(structured.provider).toBe('glm');
    expect(structured.results).toHaveLength(2);
    expect(structured.results[0]?.title).toBe('Fake result 1 for vitest pools');
    expect(result.text).toContain('1. Fake result 1 for vitest pools\n   https://example.com/fake-search/1');
    expect(chatBodies(upstream)).toHaveLength(0);
  });

  it('runs Kimi’s $web_search when asked for kimi, and parses the listed results', async () => {
    harness = await connectToolHarness(upstream);
    kimiAnswersAfterSearch(
      '- [Vitest docs](https://vitest.dev/guide/) — The Vitest guide.\n' +
        '- [Pools](https://vitest.dev/config/#pool) — How pools work.\nAnswer: Use forks.',
    );
    const result = await harness.call('web_search', { query: 'vitest pools', provider: 'kimi' });
    expect(result.isError).toBe(false);
    const bodies = chatBodies(upstream);
    expect(bodies).toHaveLength(2);
    expect(bodies[0]?.model).toBe('kimi-k2-0905-preview');
    expect(JSON.stringify(bodies[0]?.tools)).toContain('$web_search');
    expect(upstream.requests.some((request) => request.path.endsWith('/web_search'))).toBe(false);
    expect(result.structured).toMatchObject({
      provider: 'kimi',
      results: [
        { title: 'Vitest docs', url: 'https://vitest.dev/guide/', snippet: 'The Vitest guide.' },
        { title: 'Pools', url: 'https://vitest.dev/config/#pool', snippet: 'How pools work.' },
      ],
      answer: 'Use forks.',
    });
    const threadId = String(result.structured.continuation_id);
    expect(result.text).toContain(`continuation_id: ${threadId}`);
    expect((await harness.store.getThread('default', threadId))?.turnCount).toBe(2);
    expect(result.structured).not.toHaveProperty('cut_off_at_tokens');
  });

  it('marks a Kimi search answer cut off at the output limit in cut_off_at_tokens', async () => {
    harness = await connectToolHarness(upstream, { providers: ['kimi'] });
    kimiAnswersAfterSearch('- [A](https://a.example/) — a\n- [B](https://b.exa', 'length');
    const result = await harness.call('web_search', { query: 'a', provider: 'kimi' });
    expect(result.isError).toBe(false);
    const limit = (chatBodies(upstream).at(-1) as { max_tokens?: number } | undefined)?.max_tokens;
    expect(limit).toBeGreaterThan(0);
    expect(result.text).toContain(
      `Cut off: the answer stopped at the model's output limit (${limit} tokens)`,
    );
    expect(result.structured).toMatchObject({ provider: 'kimi', cut_off_at_tokens: limit });
  });

  it('returns GLM’s results when the store is out as their audit event is written, and says so in the log', async () => {
    const memory = createMemorySessionStore();
    let failure: Error | undefined;
    const store = Object.assign(Object.create(memory) as typeof memory, {
      appendAudit: (...args: Parameters<typeof memory.appendAudit>) =>
        failure === undefined ? memory.appendAudit(...args) : Promise.reject(failure),
    });
    const lines: string[] = [];
    harness = await connectToolHarness(upstream, { runtime: { store, logger: (line) => lines.push(line) } });
    failure = new StoreUnavailableError({
      store: 'postgres',
      message: 'PostgreSQL at db.internal:5432 is unavailable: connect ECONNREFUSED.',
    });
    const result = await harness.call('web_search', { query: 'vitest pools', max_results: 2 });
    expect(result.isError).toBe(false);
    expect(result.text).toContain('1. Fake result 1 for vitest pools');
    expect((result.structured as { results: unknown[] }).results).toHaveLength(2);
    expect(lines.join('\n')).toContain(
      'exai: warning: web_search: returned the results of glm without storing their audit event: store_unavailable: PostgreSQL at db.internal:5432 is unavailable',
    );

    // Any other failure of that write is still the call's error.
    failure = new InvalidArgumentError({ argument: 'detail', message: 'A bad audit event.' });
    const broken = await harness.call('web_search', { query: 'vitest pools', max_results: 2 });
    expect(broken.isError).toBe(true);
  });

  it('falls back to Kimi under auto when GLM is not configured', async () => {
    harness = await connectToolHarness(upstream, { providers: ['kimi'] });
    kimiAnswersAfterSearch('- [A](https://a.example/) — a\nAnswer: a');
    const result = await harness.call('web_search', { query: 'a' });
    expect(result.isError).toBe(false);
    expect(result.structured.provider).toBe('kimi');
  });

  it('names the environment variables to set when no configured provider searches', async () => {
    harness = await connectToolHarness(upstream, {
      runtime: {
        providers: [
          {
            id: 'kimi',
            baseURL: 'https://api.moonshot.ai/v1',
            apiKey: 'missing',
            apiKeyEnvironmentVariables: ['KIMI_API_KEY', 'MOONSHOT_API_KEY'],
          },
          {
            id: 'glm',
            baseURL: 'https://api.z.ai/api/paas/v4',
            apiKey: 'missing',
            apiKeyEnvironmentVariables: ['GLM_API_KEY'],
          },
        ],
      },
    });
    const none = await harness.call('web_search', { query: 'x' });
    expect(none.isError).toBe(true);
    expect(none.text).toMatch(
      /^web_search_unavailable: No configured provider offers web search: set GLM_API_KEY /,
    );
    expect(none.text).toContain('KIMI_API_KEY or MOONSHOT_API_KEY');
    expect(upstream.requests).toHaveLength(0);
  });

  it('refuses provider glm when only Kimi is available, naming GLM’s variables', async () => {
    harness = await connectToolHarness(upstream, { providers: ['kimi'] });
    const result = await harness.call('web_search', { query: 'x', provider: 'glm' });
    expect(result.isError).toBe(true);
    expect(result.text).toMatch(
      /^web_search_unavailable: Web search with glm is not available: set GLM_API_KEY or ZHIPUAI_API_KEY/,
    );
  });
});

describe('parseSearchAnswer', () => {
  it('reads numbered and bulleted result lines, and leaves other links alone', () => {
    const parsed = parseSearchAnswer(
      'Intro with [a link](https://x.example) inline.\n1. [One](https://one.example) - first\n* [Two](http://two.example)\n**Answer:** both',
      5,
    );
    expect(parsed.results).toEqual([
      { title: 'One', url: 'https://one.example', snippet: 'first' },
      { title: 'Two', url: 'http://two.example', snippet: '' },
    ]);
    expect(parsed.answer).toBe('both');
    expect(parseSearchAnswer('- [A](https://a.example)\n- [B](https://b.example)', 1).results).toHaveLength(
      1,
    );
  });
});
