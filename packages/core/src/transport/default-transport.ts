import { createHttpTransport } from './create-transport.js';
import type { HttpTransport } from './transport.js';

let defaultTransport: HttpTransport | undefined;

/** The transport shared by everything not given one: created, with default settings, on first use. */
export function getDefaultHttpTransport(): HttpTransport {
  defaultTransport ??= createHttpTransport();
  return defaultTransport;
}
