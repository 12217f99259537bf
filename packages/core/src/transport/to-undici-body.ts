import { type Dispatcher, FormData as UndiciFormData } from 'undici';
import type { TransportRequestOptions } from './transport.js';

/**
 * A request body undici can send. Strings and bytes pass through; a global `FormData` (from the
 * undici bundled in Node, not this package's) is copied into undici's own class, which is the only
 * one its multipart encoder accepts.
 */
export function toUndiciBody(body: TransportRequestOptions['body']): Dispatcher.RequestOptions['body'] {
  if (body === undefined || typeof body === 'string' || body instanceof Uint8Array) return body;
  if (body instanceof UndiciFormData) return body;
  const formData = new UndiciFormData();
  for (const [name, value] of body) {
    if (typeof value === 'string') formData.append(name, value);
    else formData.append(name, value, value.name);
  }
  return formData;
}
