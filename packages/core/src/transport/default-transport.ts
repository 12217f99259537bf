import { createTransport } from './create-transport.js';
import type { Transport } from './transport.js';

let defaultTransport: Transport | undefined;

/** The transport shared by everything not given one: created, with default settings, on first use. */
export function getDefaultTransport(): Transport {
  defaultTransport ??= createTransport();
  return defaultTransport;
}
