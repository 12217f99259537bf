import type { RecordedMultipartFile } from './fake-upstream-types.js';

export interface ParsedMultipart {
  fields: Record<string, string>;
  files: RecordedMultipartFile[];
}

/** The boundary of a `multipart/form-data` content type, or `undefined` when it has none. */
export function boundaryOf(contentType: string | undefined): string | undefined {
  if (contentType === undefined || !contentType.toLowerCase().startsWith('multipart/form-data'))
    return undefined;
  const match = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match?.[1] ?? match?.[2];
}

/**
 * Parses a `multipart/form-data` body. Parts without a `filename` become text fields; the rest
 * become files with their exact bytes. Returns `undefined` when the body is not well formed.
 */
export function parseMultipart(body: Buffer, boundary: string): ParsedMultipart | undefined {
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string> = {};
  const files: RecordedMultipartFile[] = [];

  let position = body.indexOf(delimiter);
  if (position === -1) return undefined;
  for (;;) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) return { fields, files };
    position = skipLineBreak(body, position);

    const headerEnd = findHeaderEnd(body, position);
    if (headerEnd === undefined) return undefined;
    const headers = parsePartHeaders(body.subarray(position, headerEnd.start).toString('utf8'));
    const dataStart = headerEnd.end;

    const next = body.indexOf(delimiter, dataStart);
    if (next === -1) return undefined;
    const dataEnd = trimTrailingLineBreak(body, dataStart, next);
    const data = body.subarray(dataStart, dataEnd);

    const disposition = parseDisposition(headers['content-disposition']);
    if (disposition.name !== undefined) {
      if (disposition.filename === undefined) {
        fields[disposition.name] = data.toString('utf8');
      } else {
        files.push({
          field: disposition.name,
          filename: disposition.filename,
          contentType: headers['content-type'] ?? 'application/octet-stream',
          data: Buffer.from(data),
        });
      }
    }
    position = next;
  }
}

function skipLineBreak(body: Buffer, position: number): number {
  if (body[position] === 0x0d && body[position + 1] === 0x0a) return position + 2;
  if (body[position] === 0x0a) return position + 1;
  return position;
}

function findHeaderEnd(body: Buffer, from: number): { start: number; end: number } | undefined {
  const crlf = body.indexOf('\r\n\r\n', from);
  const lf = body.indexOf('\n\n', from);
  if (crlf !== -1 && (lf === -1 || crlf < lf)) return { start: crlf, end: crlf + 4 };
  return lf === -1 ? undefined : { start: lf, end: lf + 2 };
}

function trimTrailingLineBreak(body: Buffer, start: number, end: number): number {
  if (end - 2 >= start && body[end - 2] === 0x0d && body[end - 1] === 0x0a) return end - 2;
  if (end - 1 >= start && body[end - 1] === 0x0a) return end - 1;
  return end;
}

function parsePartHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function parseDisposition(value: string | undefined): { name?: string; filename?: string } {
  if (value === undefined) return {};
  const parameter = (key: string): string | undefined => {
    const match = new RegExp(`;\\s*${key}="((?:[^"\\\\]|\\\\.)*)"|;\\s*${key}=([^;]+)`, 'i').exec(value);
    const raw = match?.[1] ?? match?.[2]?.trim();
    return raw?.replace(/\\(.)/g, '$1');
  };
  const extended = /;\s*filename\*=(?:UTF-8|utf-8)''([^;]+)/.exec(value)?.[1];
  return {
    name: parameter('name'),
    filename: extended === undefined ? parameter('filename') : decodeURIComponent(extended),
  };
}
