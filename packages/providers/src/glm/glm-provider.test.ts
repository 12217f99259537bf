import { MissingApiKeyError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { collectStream, useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createGlm, type GlmProviderSettings } from './glm-provider.js';

const prompt = [{ role: 'user' as const, content: 'Explain monads.' }];

describe('glm', () => {
  const fixture = useFakeUpstream();
  const glm = (settings: GlmProviderSettings = {}) =>
    createGlm({ baseURL: fixture.baseURL, apiKey: 'sk-glm', transport: fixture.transport, ...settings });

  it('sends thinking, the web_search tool and providerOptions in GLM’s dialect', async () => {
    const model = glm()('glm-4.6');
    await model.doGenerate({
      prompt,
      thinking: { enabled: true },
      webSearch: true,
      providerOptions: { glm: { do_sample: false, request_id: 'req-1', user_id: 'u-1' } },
    });
    await model.doGenerate({ prompt, thinking: { enabled: false } });
    await model.doGenerate({ prompt });

    const [first, second, third] = fixture.upstream.requests.map(
      (request) => request.body as Record<string, unknown>,
    );
    expect(first).toMatchObject({
      model: 'glm-4.6',
      thinking: { type: 'enabled' },
      tools: [{ type: 'web_search', web_search: { enable: true, search_result: true } }],
      do_sample: false,
      request_id: 'req-1',
      user_id: 'u-1',
    });
    expect(second).toMatchObject({ thinking: { type: 'disabled' } });
    expect(third).not.toHaveProperty('thinking');
    expect(third).not.toHaveProperty('tools');
    expect(fixture.upstream.requests[0]!.headers.authorization).toBe('Bearer sk-glm');
  });

  it('maps reasoning_content in JSON and stream answers', async () => {
    fixture.upstream.enqueue(
      { reply: { reasoning: 'First, define a functor.', text: 'A monad is…' } },
      { reply: { reasoning: 'First, define a functor.', text: 'A monad is…', chunks: 3 } },
    );
    const model = glm()('glm-4.6');
    const generated = await model.doGenerate({ prompt, thinking: { enabled: true } });
    expect(generated).toMatchObject({
      reasoning: 'First, define a functor.',
      text: 'A monad is…',
      finishReason: 'stop',
    });

    const parts = await collectStream((await model.doStream({ prompt, thinking: { enabled: true } })).stream);
    const reasoning = parts.flatMap((part) => (part.type === 'reasoning-delta' ? [part.delta] : [])).join('');
    expect(reasoning).toBe('First, define a functor.');
    expect(parts.at(-1)?.type).toBe('finish');
  });

  it('reads GLM_API_KEY before ZHIPUAI_API_KEY, and GLM_BASE_URL when no base URL is given', async () => {
    const env: Record<string, string | undefined> = {
      ZHIPUAI_API_KEY: 'sk-zhipu',
      GLM_BASE_URL: `${fixture.upstream.url}/api/paas/v4`,
    };
    const model = createGlm({ env, transport: fixture.transport })('glm-4.6');
    await model.doGenerate({ prompt });
    env.GLM_API_KEY = 'sk-glm-env';
    await model.doGenerate({ prompt });
    expect(fixture.upstream.requests.map((request) => [request.path, request.headers.authorization])).toEqual(
      [
        ['/api/paas/v4/chat/completions', 'Bearer sk-zhipu'],
        ['/api/paas/v4/chat/completions', 'Bearer sk-glm-env'],
      ],
    );

    const error = await createGlm({ env: {}, transport: fixture.transport })('glm-4.6')
      .doGenerate({ prompt })
      .catch((caught: unknown) => caught);
    expect(MissingApiKeyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ environmentVariables: ['GLM_API_KEY', 'ZHIPUAI_API_KEY'] });
  });
});

describe('glm.webSearch()', () => {
  const fixture = useFakeUpstream();

  it('posts the query to /web_search and maps the results', async () => {
    const search = createGlm({
      baseURL: fixture.baseURL,
      apiKey: 'sk-glm',
      transport: fixture.transport,
    }).webSearch();
    expect(search.specificationVersion).toBe('v1');
    const results = await search.search({ query: 'exai', maxResults: 2 });

    const request = fixture.upstream.requests[0]!;
    expect(request).toMatchObject({ method: 'POST', path: '/v1/web_search' });
    expect(request.headers.authorization).toBe('Bearer sk-glm');
    expect(request.body).toEqual({ search_engine: 'search_std', search_query: 'exai', count: 2 });
    expect(results).toEqual([
      {
        title: 'Fake result 1 for exai',
        url: 'https://example.com/fake-search/1?q=exai',
        snippet: 'This is fake search result 1 about "exai", served by the fake upstream.',
        source: 'Fake Media',
        publishedAt: '2025-01-01',
      },
      expect.objectContaining({ title: 'Fake result 2 for exai', publishedAt: '2025-01-02' }),
    ]);
  });

  it('uses the configured engine and omits count when not asked', async () => {
    const search = createGlm({
      baseURL: fixture.baseURL,
      apiKey: 'sk-glm',
      transport: fixture.transport,
      searchEngine: 'search_pro',
    }).webSearch();
    fixture.upstream.enqueue({ body: { search_result: [{ title: 'Only title' }] } });
    expect(await search.search({ query: 'q' })).toEqual([{ title: 'Only title', url: '', snippet: '' }]);
    expect(fixture.upstream.requests[0]!.body).toEqual({ search_engine: 'search_pro', search_query: 'q' });
  });
});
