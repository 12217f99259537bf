import type { Dispatcher } from 'undici';
import { loadUndici } from './load-undici.js';
import type { TransportRequestOptions } from './transport.js';

type RequestBody = TransportRequestOptions['body'];

/** Whether undici can send the body as it is: nothing, a string or bytes (no conversion, no undici import). */
export function isDirectBody(body: RequestBody): body is string | Uint8Array | undefined {
  return body === undefined || typeof body === 'string' || body instanceof Uint8Array;
}

/**
 * A request body undici can send. Strings and bytes pass through; a global `FormData` (from the
 * undici bundled in Node, not this package's) is copied into undici's own class, which is the only
 * one its multipart encoder accepts. Async because undici is loaded on first use.
 */
export async function toUndiciBody(body: RequestBody): Promise<Dispatcher.RequestOptions['body']> {
  if (isDirectBody(body)) return body;
  const { FormData: UndiciFormData } = await loadUndici();
  if (body instanceof UndiciFormData) return body;
  const formData = new UndiciFormData();
  for (const [name, value] of body) {
    if (typeof value === 'string') formData.append(name, value);
    else formData.append(name, value, value.name);
  }
  return formData;
}
