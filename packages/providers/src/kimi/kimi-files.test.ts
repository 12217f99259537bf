import { ApiCallError, InvalidArgumentError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { useFakeUpstream } from '../test-helpers/use-fake-upstream.js';
import { createKimi, type KimiProviderSettings } from './kimi-provider.js';

const text = 'Quarterly report: revenue up 12% — naïve forecast.\n';
const data = new TextEncoder().encode(text);

describe('kimi.files()', () => {
  const fixture = useFakeUpstream();
  const files = (settings: KimiProviderSettings = {}) =>
    createKimi({
      baseURL: fixture.baseURL,
      apiKey: 'sk-kimi',
      transport: fixture.transport,
      ...settings,
    }).files();

  it('uploads multipart with file and purpose, lists, reads extracted content and deletes', async () => {
    const api = files();
    expect(api.specificationVersion).toBe('v1');

    const uploaded = await api.upload({ data, filename: 'report.txt', mediaType: 'text/plain' });
    const upload = fixture.upstream.requests[0]!;
    expect(upload).toMatchObject({ method: 'POST', path: '/v1/files' });
    expect(upload.headers.authorization).toBe('Bearer sk-kimi');
    expect(upload.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(upload.multipart?.fields).toEqual({ purpose: 'file-extract' });
    const [file] = upload.multipart?.files ?? [];
    expect(file).toMatchObject({ field: 'file', filename: 'report.txt', contentType: 'text/plain' });
    expect(file?.data.equals(Buffer.from(data))).toBe(true);
    expect(uploaded).toMatchObject({
      filename: 'report.txt',
      bytes: data.byteLength,
      purpose: 'file-extract',
      status: 'ok',
    });
    expect(uploaded.id).toMatch(/^file-/);
    expect(uploaded.createdAt.getTime()).toBeGreaterThan(Date.UTC(2024, 0, 1));

    const image = await api.upload({ data: Uint8Array.of(1, 2, 3), filename: 'pic.png', purpose: 'image' });
    expect(fixture.upstream.requests[1]!.multipart?.fields).toEqual({ purpose: 'image' });

    expect((await api.list()).map((listed) => listed.id)).toEqual([uploaded.id, image.id]);
    expect(fixture.upstream.requests[2]).toMatchObject({ method: 'GET', path: '/v1/files' });

    expect(await api.content(uploaded.id)).toBe(text);
    expect(fixture.upstream.requests[3]!.path).toBe(`/v1/files/${uploaded.id}/content`);

    await api.delete(uploaded.id);
    expect(fixture.upstream.requests[4]).toMatchObject({
      method: 'DELETE',
      path: `/v1/files/${uploaded.id}`,
    });
    expect((await api.list()).map((listed) => listed.id)).toEqual([image.id]);
  });

  it('returns the body as-is when the content endpoint answers with plain text', async () => {
    fixture.upstream.enqueue({
      match: { path: '/content' },
      headers: { 'content-type': 'text/plain' },
      body: 'raw text',
    });
    expect(await files().content('file-x')).toBe('raw text');
  });

  it('surfaces a missing file as an ApiCallError (404)', async () => {
    const error = await files()
      .delete('file-missing')
      .catch((caught: unknown) => caught);
    expect(ApiCallError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ statusCode: 404 });
  });

  it('refuses a file over maxFileBytes before sending anything', async () => {
    const error = await files({ maxFileBytes: 16 })
      .upload({ data: new Uint8Array(17), filename: 'big.bin' })
      .catch((caught: unknown) => caught);
    expect(InvalidArgumentError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ argument: 'data' });
    expect((error as Error).message).toContain('big.bin is 17 bytes');
    expect(fixture.upstream.requests).toHaveLength(0);

    await files({ maxFileBytes: 16 }).upload({ data: new Uint8Array(16), filename: 'fits.bin' });
    expect(fixture.upstream.requests).toHaveLength(1);
  });
});
