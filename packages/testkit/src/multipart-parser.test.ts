import { describe, expect, it } from 'vitest';
import { boundaryOf, parseMultipart } from './multipart-parser.js';

const binary = Buffer.from([0x00, 0xff, 0x0d, 0x0a, 0x2d, 0x2d, 0x0d, 0x0a, 0x0d, 0x0a, 0xc3, 0x28, 0x7f]);

function multipartBody(boundary: string, lineBreak = '\r\n'): Buffer {
  return Buffer.concat([
    Buffer.from(
      `--${boundary}${lineBreak}Content-Disposition: form-data; name="purpose"${lineBreak}${lineBreak}`,
    ),
    Buffer.from(`file-extract${lineBreak}--${boundary}${lineBreak}`),
    Buffer.from(`Content-Disposition: form-data; name="file"; filename="report \\"final\\".bin"${lineBreak}`),
    Buffer.from(`Content-Type: application/octet-stream${lineBreak}${lineBreak}`),
    binary,
    Buffer.from(`${lineBreak}--${boundary}--${lineBreak}`),
  ]);
}

describe('boundaryOf', () => {
  it('reads plain and quoted boundaries of multipart/form-data only', () => {
    expect(boundaryOf('multipart/form-data; boundary=----abc123')).toBe('----abc123');
    expect(boundaryOf('multipart/form-data; charset=utf-8; boundary="a b;c"')).toBe('a b;c');
    expect(boundaryOf('application/json')).toBeUndefined();
    expect(boundaryOf('multipart/form-data')).toBeUndefined();
    expect(boundaryOf(undefined)).toBeUndefined();
  });
});

describe('parseMultipart', () => {
  it('separates text fields from files and keeps file bytes exact', () => {
    const parsed = parseMultipart(multipartBody('XyZ'), 'XyZ');
    expect(parsed?.fields).toEqual({ purpose: 'file-extract' });
    expect(parsed?.files).toHaveLength(1);
    const [file] = parsed?.files ?? [];
    expect(file?.field).toBe('file');
    expect(file?.filename).toBe('report "final".bin');
    expect(file?.contentType).toBe('application/octet-stream');
    expect(file?.data.equals(binary)).toBe(true);
  });

  it('accepts bare LF line breaks', () => {
    const parsed = parseMultipart(multipartBody('b', '\n'), 'b');
    expect(parsed?.fields.purpose).toBe('file-extract');
    expect(parsed?.files[0]?.data.equals(binary)).toBe(true);
  });

  it('decodes RFC 5987 filenames and defaults the content type', () => {
    const body = Buffer.from(
      '--b\r\nContent-Disposition: form-data; name="file"; filename*=UTF-8\'\'na%C3%AFve.txt\r\n\r\nhi\r\n--b--\r\n',
    );
    const file = parseMultipart(body, 'b')?.files[0];
    expect(file?.filename).toBe('naïve.txt');
    expect(file?.contentType).toBe('application/octet-stream');
    expect(file?.data.toString()).toBe('hi');
  });

  it('returns undefined for bodies that are not well formed', () => {
    expect(parseMultipart(Buffer.from('no boundary here'), 'b')).toBeUndefined();
    expect(
      parseMultipart(Buffer.from('--b\r\nContent-Disposition: form-data; name="a"\r\n\r\nunterminated'), 'b'),
    ).toBeUndefined();
  });
});
