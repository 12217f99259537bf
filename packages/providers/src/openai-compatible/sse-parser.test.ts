import { describe, expect, it } from 'vitest';
import { SseParser, type SseEvent } from './sse-parser.js';

const encoder = new TextEncoder();

function parseChunks(chunks: Uint8Array[]): SseEvent[] {
  const parser = new SseParser();
  const events = chunks.flatMap((chunk) => parser.feed(chunk));
  return [...events, ...parser.end()];
}

function parseByteByByte(text: string): SseEvent[] {
  const bytes = encoder.encode(text);
  return parseChunks(Array.from(bytes, (byte) => Uint8Array.of(byte)));
}

const data = (events: SseEvent[]) => events.map((event) => event.data);

describe('SseParser', () => {
  it('parses events with and without a space after the colon', () => {
    const events = parseChunks([encoder.encode('data: {"a":1}\n\ndata:{"b":2}\n\ndata: [DONE]\n\n')]);
    expect(data(events)).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('gives the same events fed byte by byte, including multi-byte characters', () => {
    const text = 'data: {"text":"héllo 世界 🎉"}\n\n: keep-alive\n\nevent: update\nid: 7\ndata: ok\n\n';
    const whole = parseChunks([encoder.encode(text)]);
    expect(data(whole)).toEqual(['{"text":"héllo 世界 🎉"}', 'ok']);
    expect(parseByteByByte(text)).toEqual(whole);
  });

  it('reassembles a UTF-8 character split across chunks', () => {
    const bytes = encoder.encode('data: 🎉\n\n');
    // The emoji is four bytes starting at offset 6: cut inside it.
    const events = parseChunks([bytes.subarray(0, 7), bytes.subarray(7, 9), bytes.subarray(9)]);
    expect(data(events)).toEqual(['🎉']);
  });

  it('accepts CRLF, CR and LF line endings, even with CR and LF in different chunks', () => {
    expect(data(parseChunks([encoder.encode('data: a\r\n\r\ndata: b\r\rdata: c\n\n')]))).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(
      data(
        parseChunks([
          encoder.encode('data: a\r'),
          encoder.encode('\n\r'),
          encoder.encode('\ndata: b\r\n\r\n'),
        ]),
      ),
    ).toEqual(['a', 'b']);
    expect(data(parseByteByByte('data: x\r\n\r\ndata: y\r\n\r\n'))).toEqual(['x', 'y']);
  });

  it('ignores comments and unknown fields', () => {
    const events = parseChunks([encoder.encode(': ping\n\nfoo: bar\ndata: real\n:another\n\n')]);
    expect(data(events)).toEqual(['real']);
  });

  it('joins multi-line data with newlines and keeps event, id and retry fields', () => {
    const [event] = parseChunks([
      encoder.encode('event: message\nid: 42\nretry: 1500\ndata: line 1\ndata: line 2\n\n'),
    ]);
    expect(event).toEqual({ event: 'message', data: 'line 1\nline 2', id: '42', retry: 1500 });
  });

  it('carries the last event id over to later events, and resets the event type', () => {
    const events = parseChunks([encoder.encode('event: a\nid: 1\ndata: x\n\ndata: y\n\n')]);
    expect(events.map(({ event, id }) => ({ event, id }))).toEqual([
      { event: 'a', id: '1' },
      { event: undefined, id: '1' },
    ]);
  });

  it('dispatches an event with empty data but not a blank event', () => {
    expect(data(parseChunks([encoder.encode('data:\n\n\n\nevent: only\n\n')]))).toEqual(['']);
  });

  it('treats a field without a colon as a field with an empty value', () => {
    expect(data(parseChunks([encoder.encode('data\n\n')]))).toEqual(['']);
  });

  it('dispatches a terminated last event without the final blank line, and drops a cut-off line', () => {
    expect(data(parseChunks([encoder.encode('data: a\n\ndata: b\n')]))).toEqual(['a', 'b']);
    expect(data(parseChunks([encoder.encode('data: a\n\ndata: {"cut')]))).toEqual(['a']);
  });

  it('returns nothing for chunks that complete no event', () => {
    const parser = new SseParser();
    expect(parser.feed(encoder.encode('data: par'))).toEqual([]);
    expect(parser.feed(new Uint8Array(0))).toEqual([]);
    expect(data(parser.feed(encoder.encode('tial\n\n')))).toEqual(['partial']);
  });
});
