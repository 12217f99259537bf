import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeUpstream } from './fake-upstream.js';
import type { FakeUpstream } from './fake-upstream-types.js';
import { sendRequest } from './test-http-client.js';

let upstream: FakeUpstream;
beforeEach(async () => {
  upstream = await createFakeUpstream();
});
afterEach(() => upstream.close());

const boundary = '----fake-boundary-7MA4YWxkTrZu0gW';
const bytes = Buffer.concat([
  Buffer.from('Quarterly report: revenue up. '),
  Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d]),
]);

function uploadBody(data: Buffer, filename = 'report.txt', purpose = 'file-extract'): Buffer {
  return Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\n${purpose}\r\n`),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n`),
    Buffer.from('Content-Type: text/plain\r\n\r\n'),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

async function upload(data = bytes): Promise<Record<string, unknown>> {
  const response = await sendRequest(`${upstream.url}/v1/files`, {
    method: 'POST',
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    body: uploadBody(data),
  });
  expect(response.status).toBe(200);
  return JSON.parse(response.text) as Record<string, unknown>;
}

const json = async (path: string, method = 'GET') => {
  const response = await sendRequest(`${upstream.url}${path}`, { method });
  return { status: response.status, body: JSON.parse(response.text) as Record<string, unknown> };
};

describe('files API', () => {
  it('round-trips an upload with binary bytes: upload, list, retrieve, content, delete', async () => {
    const file = await upload();
    expect(file).toEqual({
      id: expect.stringMatching(/^file-/),
      object: 'file',
      bytes: bytes.length,
      created_at: expect.any(Number),
      filename: 'report.txt',
      purpose: 'file-extract',
      status: 'ok',
    });
    const recorded = upstream.requests[0]?.multipart;
    expect(recorded?.fields).toEqual({ purpose: 'file-extract' });
    expect(recorded?.files[0]?.data.equals(bytes)).toBe(true);

    const id = file.id as string;
    expect((await json('/v1/files')).body).toEqual({ object: 'list', data: [file] });
    expect((await json(`/v1/files/${id}`)).body).toEqual(file);
    expect((await json(`/v1/files/${id}/content`)).body).toEqual({
      content: bytes.toString('utf8'),
      file_type: 'text/plain',
      filename: 'report.txt',
      title: '',
      type: 'file',
    });
    expect(await json(`/v1/files/${id}`, 'DELETE')).toEqual({
      status: 200,
      body: { id, object: 'file', deleted: true },
    });
    expect((await json('/v1/files')).body.data).toEqual([]);
  });

  it('answers unknown ids with a 404 error body', async () => {
    for (const [path, method] of [
      ['/v1/files/file-missing/content', 'GET'],
      ['/v1/files/file-missing', 'DELETE'],
      ['/v1/files/file-missing', 'GET'],
    ] as const) {
      const { status, body } = await json(path, method);
      expect(status).toBe(404);
      expect(body).toEqual({
        error: { message: expect.stringContaining('file-missing'), type: expect.any(String) },
      });
    }
  });

  it('accepts uploads encoded by a real FormData client', async () => {
    const form = new FormData();
    form.append('purpose', 'file-extract');
    form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/pdf' }), 'scan.pdf');
    const response = await fetch(`${upstream.url}/api/v1/files`, { method: 'POST', body: form });
    const file = (await response.json()) as Record<string, unknown>;
    expect(file).toMatchObject({ filename: 'scan.pdf', bytes: bytes.length, purpose: 'file-extract' });
    expect(upstream.requests[0]?.multipart?.files[0]).toMatchObject({
      field: 'file',
      contentType: 'application/pdf',
    });
    expect(upstream.requests[0]?.multipart?.files[0]?.data.equals(bytes)).toBe(true);
  });

  it('rejects an upload without a file part, and forgets files on reset()', async () => {
    const missing = await sendRequest(`${upstream.url}/v1/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(400);
    const file = await upload();
    upstream.reset();
    expect((await json(`/v1/files/${file.id as string}`)).status).toBe(404);
  });
});
