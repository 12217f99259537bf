import { describe, expect, it } from 'vitest';
import { countLines, detectImageMediaType, looksBinary } from './file-content.js';

const bytes = (...values: number[]) => Uint8Array.from(values);
const ascii = (text: string) => Uint8Array.from(Buffer.from(text, 'latin1'));

describe('file content checks', () => {
  it('recognises PNG, JPEG, GIF and WebP by their first bytes only', () => {
    expect(detectImageMediaType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0))).toBe('image/png');
    expect(detectImageMediaType(bytes(0xff, 0xd8, 0xff, 0xe0))).toBe('image/jpeg');
    expect(detectImageMediaType(ascii('GIF89a...'))).toBe('image/gif');
    expect(detectImageMediaType(ascii('GIF87a...'))).toBe('image/gif');
    expect(detectImageMediaType(ascii('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(detectImageMediaType(ascii('RIFF\0\0\0\0WAVEfmt '))).toBeUndefined();
    expect(detectImageMediaType(ascii('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
    expect(detectImageMediaType(bytes(0x89, 0x50))).toBeUndefined();
    expect(detectImageMediaType(bytes())).toBeUndefined();
  });

  it('calls a file binary for a NUL byte in the first 8 KiB, not after', () => {
    expect(looksBinary(ascii('abc\0def'))).toBe(true);
    const late = new Uint8Array(9000).fill(0x61);
    late[8500] = 0;
    expect(looksBinary(late)).toBe(false);
  });

  it('keeps UTF-8 text, including a multi-byte character cut at 8 KiB, and mostly-ASCII Latin-1 text', () => {
    expect(looksBinary(new TextEncoder().encode('héllo wörld — ✓ 🎉\n\tindented\r\n'))).toBe(false);
    const cut = new TextEncoder().encode('a'.repeat(8191) + '€');
    expect(looksBinary(cut)).toBe(false);
    expect(looksBinary(ascii('Caf\xe9 cr\xe8me, a Latin-1 file with a few accents.\n'))).toBe(false);
    expect(looksBinary(bytes())).toBe(false);
  });

  it('calls mostly invalid UTF-8 or control characters binary', () => {
    const noise = Uint8Array.from({ length: 4096 }, (_, index) => 0x80 + ((index * 37) % 0x7f));
    expect(looksBinary(noise)).toBe(true);
    expect(looksBinary(new Uint8Array(200).fill(0x01))).toBe(true);
  });

  it('counts lines with and without a final newline', () => {
    expect(countLines('')).toBe(0);
    expect(countLines('one')).toBe(1);
    expect(countLines('one\n')).toBe(1);
    expect(countLines('one\ntwo')).toBe(2);
    expect(countLines('one\r\ntwo\r\n')).toBe(2);
    expect(countLines('\n\n')).toBe(2);
  });
});
