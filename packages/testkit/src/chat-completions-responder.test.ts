import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream-types.js';
import { parseSse, parseSseJson, postJson } from './test-http-client.js';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await createFakeUpstream();
});
afterEach(() => upstream.close());

const messages = [{ role: 'user', content: 'Say hello.' }];
const chat = (body: Record<string, unknown>, path = '/v1/chat/completions') =>
  postJson(`${upstream.url}${path}`, body);

type Delta = Record<string, unknown> & { tool_calls?: Array<Record<string, unknown>> };
const deltaOf = (chunk: Record<string, unknown>): Delta =>
  ((chunk.choices as Array<{ delta: Delta }>)[0] ?? { delta: {} }).delta;

describe('JSON mode', () => {
  it('answers with an OpenAI chat.completion echoing the model', async () => {
    const response = await chat({ model: 'kimi-k2', messages });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const completion = JSON.parse(response.text) as Record<string, unknown>;
    expect(completion).toEqual({
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'kimi-k2',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello from the fake upstream.' },
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: expect.any(Number),
        completion_tokens: expect.any(Number),
        total_tokens: expect.any(Number),
      },
    });
    const usage = completion.usage as Record<string, number>;
    expect(usage.total_tokens).toBe(usage.prompt_tokens! + usage.completion_tokens!);
  });

  it('serves chat under any base path', async () => {
    for (const path of [
      '/chat/completions',
      '/api/paas/v4/chat/completions',
      '/anything/v1/chat/completions?x=1',
    ]) {
      expect((await chat({ model: 'glm-4.6', messages }, path)).status).toBe(200);
    }
  });

  it('sends scripted reasoning, tool calls, finish reason, usage and model', async () => {
    upstream.enqueue({
      reply: {
        reasoning: 'Think first.',
        toolCalls: [
          { name: 'get_weather', arguments: '{"city":"Paris"}' },
          { id: 'call_x', name: 'noop', arguments: '{}' },
        ],
        usage: { prompt_tokens: 7, completion_tokens: 5 },
        model: 'served-model',
      },
    });
    const completion = JSON.parse((await chat({ model: 'm', messages })).text) as {
      model: string;
      choices: Array<{ message: Record<string, unknown>; finish_reason: string }>;
      usage: unknown;
    };
    expect(completion.model).toBe('served-model');
    expect(completion.usage).toEqual({ prompt_tokens: 7, completion_tokens: 5, total_tokens: 12 });
    expect(completion.choices[0]).toEqual({
      index: 0,
      finish_reason: 'tool_calls',
      message: {
        role: 'assistant',
        content: null,
        reasoning_content: 'Think first.',
        tool_calls: [
          {
            id: 'call_0_fake',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          { id: 'call_x', type: 'function', function: { name: 'noop', arguments: '{}' } },
        ],
      },
    });
  });

  it('uses the server default reply, which a script reply overrides field by field', async () => {
    await upstream.close();
    upstream = await createFakeUpstream({ defaultReply: { text: 'Default.', finishReason: 'length' } });
    upstream.enqueue({ reply: { text: 'Scripted.' } });
    const first = JSON.parse((await chat({ model: 'm', messages })).text) as {
      choices: Array<Record<string, unknown>>;
    };
    const second = JSON.parse((await chat({ model: 'm', messages })).text) as {
      choices: Array<Record<string, unknown>>;
    };
    expect(first.choices[0]).toMatchObject({ message: { content: 'Scripted.' }, finish_reason: 'length' });
    expect(second.choices[0]).toMatchObject({ message: { content: 'Default.' }, finish_reason: 'length' });
  });

  it('rejects a request without model or messages with an OpenAI-style 400', async () => {
    for (const body of [{ messages }, { model: 'm' }, { model: 'm', messages: 'hi' }]) {
      const response = await chat(body);
      expect(response.status).toBe(400);
      expect(JSON.parse(response.text)).toEqual({
        error: { message: expect.stringContaining('fake upstream'), type: 'invalid_request_error' },
      });
    }
    const notJson = await postJson(`${upstream.url}/v1/chat/completions`, undefined, {
      headers: { 'content-type': 'text/plain' },
    });
    expect(notJson.status).toBe(400);
  });
});

describe('stream mode', () => {
  it('streams chat.completion.chunk events: role, content, finish with usage, then [DONE]', async () => {
    upstream.enqueue({ reply: { text: 'One two three four five six', chunks: 3 } });
    const response = await chat({ model: 'm', messages, stream: true });
    expect(response.headers['content-type']).toBe('text/event-stream');
    const { data } = parseSse(response.text);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = parseSseJson(response.text);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: chunks[0]?.id,
        object: 'chat.completion.chunk',
        model: 'm',
        created: expect.any(Number),
      });
    }
    expect(deltaOf(chunks[0]!)).toEqual({ role: 'assistant', content: '' });
    const contentDeltas = chunks.slice(1, -1).map((chunk) => deltaOf(chunk).content);
    expect(contentDeltas).toHaveLength(3);
    expect(contentDeltas.join('')).toBe('One two three four five six');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([{ index: 0, delta: {}, finish_reason: 'stop' }]);
    expect(last.usage).toMatchObject({
      prompt_tokens: expect.any(Number),
      completion_tokens: expect.any(Number),
    });
    expect(
      chunks
        .slice(0, -1)
        .every((chunk) => (chunk.choices as Array<{ finish_reason: unknown }>)[0]?.finish_reason === null),
    ).toBe(true);
  });

  it('streams reasoning before content and tool calls with arguments split over deltas', async () => {
    upstream.enqueue({
      reply: {
        reasoning: 'Let me think.',
        text: 'Calling.',
        toolCalls: [{ id: 'call_1', name: 'lookup', arguments: '{"query":"weather"}' }],
      },
    });
    const chunks = parseSseJson((await chat({ model: 'm', messages, stream: true })).text);
    const deltas = chunks.map(deltaOf);
    const firstReasoning = deltas.findIndex((delta) => 'reasoning_content' in delta);
    const firstContent = deltas.findIndex(
      (delta) => typeof delta.content === 'string' && delta.content !== '',
    );
    expect(firstReasoning).toBeGreaterThan(0);
    expect(firstReasoning).toBeLessThan(firstContent);
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('Let me think.');

    const toolDeltas = deltas.flatMap((delta) => delta.tool_calls ?? []);
    expect(toolDeltas[0]).toEqual({
      index: 0,
      id: 'call_1',
      type: 'function',
      function: { name: 'lookup', arguments: '' },
    });
    const fragments = toolDeltas.slice(1).map((call) => (call.function as { arguments: string }).arguments);
    expect(fragments.length).toBeGreaterThan(1);
    expect(fragments.join('')).toBe('{"query":"weather"}');
    expect((chunks.at(-1)?.choices as Array<{ finish_reason: string }>)[0]?.finish_reason).toBe('tool_calls');
  });
});

describe("Kimi's $web_search builtin", () => {
  const tools = [{ type: 'builtin_function', function: { name: '$web_search' } }];
  const searchCall = {
    id: 'call_search_1',
    type: 'builtin_function',
    function: {
      name: '$web_search',
      arguments: '{"search_result":{"search_id":"fake"},"usage":{"total_tokens":42}}',
    },
  };

  it('first asks for the search, then answers once the tool message is present (JSON)', async () => {
    const first = JSON.parse((await chat({ model: 'kimi-k2', messages, tools })).text) as {
      choices: Array<{ message: { tool_calls: unknown[] }; finish_reason: string }>;
    };
    expect(first.choices[0]?.finish_reason).toBe('tool_calls');
    expect(first.choices[0]?.message.tool_calls).toEqual([searchCall]);

    const followUp = [
      ...messages,
      { role: 'assistant', content: '', tool_calls: [searchCall] },
      {
        role: 'tool',
        tool_call_id: 'call_search_1',
        name: '$web_search',
        content: searchCall.function.arguments,
      },
    ];
    const second = JSON.parse((await chat({ model: 'kimi-k2', messages: followUp, tools })).text) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
    };
    expect(second.choices[0]).toMatchObject({
      finish_reason: 'stop',
      message: { content: 'Hello from the fake upstream.' },
    });
  });

  it('works in stream mode, and a tool message matched by tool_call_id alone counts as the answer', async () => {
    const first = parseSseJson((await chat({ model: 'kimi-k2', messages, tools, stream: true })).text);
    const toolDeltas = first.flatMap((chunk) => deltaOf(chunk).tool_calls ?? []);
    expect(toolDeltas[0]).toMatchObject({
      id: 'call_search_1',
      type: 'builtin_function',
      function: { name: '$web_search' },
    });
    const args = toolDeltas.map((call) => (call.function as { arguments: string }).arguments).join('');
    expect(args).toBe(searchCall.function.arguments);

    const followUp = [
      ...messages,
      { role: 'assistant', content: '', tool_calls: [searchCall] },
      { role: 'tool', tool_call_id: 'call_search_1', content: '{}' },
    ];
    const second = parseSseJson(
      (await chat({ model: 'kimi-k2', messages: followUp, tools, stream: true })).text,
    );
    expect(second.map((chunk) => deltaOf(chunk).content ?? '').join('')).toBe(
      'Hello from the fake upstream.',
    );
  });

  it('gives way to a scripted reply', async () => {
    upstream.enqueue({ reply: { text: 'No search needed.' } });
    const completion = JSON.parse((await chat({ model: 'kimi-k2', messages, tools })).text) as {
      choices: Array<{ message: { content: string } }>;
    };
    expect(completion.choices[0]?.message.content).toBe('No search needed.');
  });
});
