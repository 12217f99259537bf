import { describe, expect, it } from 'vitest';
import { dataFrame, doneFrame, keepAliveComment, splitAwkwardly } from './sse-writer.js';
import { parseSse } from './test-http-client.js';

const frames = [dataFrame('{"text":"héllo 😀"}'), dataFrame('{"text":"wörld"}'), doneFrame];

describe('splitAwkwardly', () => {
  it('reassembles into the frames with keep-alive comments between events', () => {
    const pieces = splitAwkwardly(frames);
    const joined = Buffer.concat(pieces.map((piece) => piece.data)).toString('utf8');
    expect(joined).toBe(frames.map((frame) => keepAliveComment + frame).join(''));
    expect(parseSse(joined)).toEqual({
      data: ['{"text":"héllo 😀"}', '{"text":"wörld"}', '[DONE]'],
      comments: 3,
    });
  });

  it('cuts inside multi-byte characters, inside `data:` and between the newlines ending an event', () => {
    const pieces = splitAwkwardly(frames).map((piece) => piece.data);
    const cutsMidCharacter = pieces.some((piece) => piece.length > 0 && (piece[0]! & 0xc0) === 0x80);
    expect(cutsMidCharacter).toBe(true);
    expect(pieces.some((piece) => piece.toString('latin1').endsWith('dat'))).toBe(true);
    expect(pieces.some((piece) => piece.toString('latin1').startsWith('\n'))).toBe(true);
    expect(pieces.length).toBeGreaterThan(frames.length * 3);
  });

  it('marks the pieces where a later event starts, for chunk delays', () => {
    const pieces = splitAwkwardly(frames);
    expect(pieces.filter((piece) => piece.startsEvent)).toHaveLength(frames.length - 1);
    expect(pieces[0]?.startsEvent).toBe(false);
  });
});
