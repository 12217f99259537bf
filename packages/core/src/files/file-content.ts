import { createHash } from 'node:crypto';
import type { ImageMediaType } from './file-service.js';

/** How much of a file the binary and image checks look at. */
export const sniffLengthInBytes = 8192;

/** The image type a file's first bytes announce, or undefined. */
export function detectImageMediaType(bytes: Uint8Array): ImageMediaType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'image/png';
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'image/jpeg';
  if (startsWithText(bytes, 0, 'GIF87a') || startsWithText(bytes, 0, 'GIF89a')) return 'image/gif';
  if (startsWithText(bytes, 0, 'RIFF') && startsWithText(bytes, 8, 'WEBP')) return 'image/webp';
  return undefined;
}

/**
 * Whether the first 8 KiB look binary: any NUL byte, or more than one in ten characters being
 * invalid UTF-8 or control characters other than whitespace, backspace and escape. A few invalid
 * bytes (a Latin-1 accent) still count as text.
 */
export function looksBinary(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, sniffLengthInBytes);
  if (sample.includes(0)) return true;
  if (sample.length === 0) return false;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(sample, { stream: true });
  let suspicious = 0;
  for (const character of text) {
    const code = character.codePointAt(0) ?? 0;
    if (code === 0xfffd || (code < 0x20 && !allowedControlCodes.has(code)) || code === 0x7f) suspicious += 1;
  }
  return suspicious * 10 > text.length;
}

/** Tab, line feed, vertical tab, form feed, carriage return, backspace, escape. */
const allowedControlCodes = new Set([0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x08, 0x1b]);

/** UTF-8 text without a byte-order mark; invalid bytes become U+FFFD. */
export function decodeText(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/** Lines in a text: a final line without a newline counts, an empty text has none. */
export function countLines(content: string): number {
  if (content === '') return 0;
  let newlines = 0;
  for (let index = content.indexOf('\n'); index !== -1; index = content.indexOf('\n', index + 1))
    newlines += 1;
  return content.endsWith('\n') ? newlines : newlines + 1;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((byte, index) => bytes[index] === byte);
}

function startsWithText(bytes: Uint8Array, offset: number, text: string): boolean {
  return [...text].every((character, index) => bytes[offset + index] === character.charCodeAt(0));
}
