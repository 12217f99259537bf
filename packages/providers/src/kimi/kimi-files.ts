import {
  InvalidArgumentError,
  InvalidResponseError,
  type FilesV1,
  type FilesV1Upload,
  type ProviderFileV1,
  type HttpTransport,
  type TransportRequestOptions,
} from '@exai/core';
import {
  asNumber,
  asString,
  isRecord,
  parseJsonResponse,
} from '../openai-compatible/map-openai-compatible-response.js';
import type { ResolvedRequestConfig } from '../openai-compatible/resolve-request-config.js';

export interface KimiFilesOptions {
  provider: string;
  /** Resolves the base URL and auth headers at call time. */
  resolveConnection: () => ResolvedRequestConfig;
  getTransport: () => HttpTransport;
  /** Default 100 MB, Kimi's per-file limit. */
  maxFileBytes?: number;
}

const defaultMaxFileBytes = 100 * 1024 * 1024;

/** Kimi's file API: `POST /files` (multipart), `GET /files`, `GET /files/{id}/content`, `DELETE /files/{id}`. */
export function createKimiFiles({
  provider,
  resolveConnection,
  getTransport,
  maxFileBytes = defaultMaxFileBytes,
}: KimiFilesOptions): FilesV1 {
  const send = (
    path: string,
    { method, body, abortSignal }: Pick<TransportRequestOptions, 'method' | 'body' | 'abortSignal'>,
  ) => {
    const { baseURL, headers } = resolveConnection();
    return getTransport().request({
      url: `${baseURL}${path}`,
      method,
      headers: { ...headers, ...(typeof body === 'string' ? { 'content-type': 'application/json' } : {}) },
      target: { provider },
      ...(body === undefined ? {} : { body }),
      ...(abortSignal === undefined ? {} : { abortSignal }),
    });
  };
  const fileUrl = (fileId: string) => `/files/${encodeURIComponent(fileId)}`;

  return {
    specificationVersion: 'v1',

    async upload({
      data,
      filename,
      purpose = 'file-extract',
      mediaType = 'application/octet-stream',
      abortSignal,
    }: FilesV1Upload) {
      if (data.byteLength > maxFileBytes) {
        throw new InvalidArgumentError({
          argument: 'data',
          message: `${filename} is ${data.byteLength} bytes; Kimi accepts files up to ${maxFileBytes} bytes.`,
        });
      }
      const form = new FormData();
      form.append('purpose', purpose);
      form.append('file', new Blob([data as Uint8Array<ArrayBuffer>], { type: mediaType }), filename);
      const response = await send('/files', { method: 'POST', body: form, abortSignal });
      return mapFile(parseJsonResponse(response.text(), response.url), response.url);
    },

    async list({ abortSignal } = {}) {
      const response = await send('/files', { method: 'GET', abortSignal });
      const json = parseJsonResponse(response.text(), response.url);
      const files = isRecord(json) ? json.data : undefined;
      if (!Array.isArray(files)) {
        throw new InvalidResponseError({
          message: `The file list has no data array (${response.url}).`,
          url: response.url,
          excerpt: response.text().slice(0, 200),
        });
      }
      return files.map((file) => mapFile(file, response.url));
    },

    async content(fileId, { abortSignal } = {}) {
      const response = await send(`${fileUrl(fileId)}/content`, { method: 'GET', abortSignal });
      const text = response.text();
      try {
        const json: unknown = JSON.parse(text);
        if (isRecord(json) && typeof json.content === 'string') return json.content;
      } catch {
        // Not JSON: the extracted text itself.
      }
      return text;
    },

    async delete(fileId, { abortSignal } = {}) {
      await send(fileUrl(fileId), { method: 'DELETE', abortSignal });
    },
  };
}

function mapFile(file: unknown, url: string): ProviderFileV1 {
  const id = isRecord(file) ? asString(file.id) : undefined;
  if (!isRecord(file) || id === undefined) {
    throw new InvalidResponseError({
      message: `The upstream sent a file object without an id (${url}).`,
      url,
      excerpt: JSON.stringify(file)?.slice(0, 200),
    });
  }
  const createdAt = asNumber(file.created_at);
  const status = asString(file.status);
  return {
    id,
    filename: asString(file.filename) ?? '',
    bytes: asNumber(file.bytes) ?? 0,
    purpose: asString(file.purpose) ?? '',
    createdAt: new Date(createdAt === undefined ? 0 : createdAt * 1000),
    ...(status === undefined ? {} : { status }),
  };
}
