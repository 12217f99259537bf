import type { ResponseLifecycle } from './response-lifecycle.js';

export const doneFrame = 'data: [DONE]\n\n';
export const keepAliveComment = ': keep-alive\n\n';

/** One SSE event carrying `payload` as its data. */
export function dataFrame(payload: string): string {
  return `data: ${payload}\n\n`;
}

export interface SsePiece {
  data: Buffer;
  /** The piece contains the start of an event after the first, so a chunk delay goes before it. */
  startsEvent: boolean;
}

/**
 * The frames as bytes cut where naive parsers break: inside `data:`, between the two newlines
 * ending an event, inside multi-byte UTF-8 characters and at small odd intervals, with
 * `: keep-alive` comments between events. Concatenated, the pieces are a valid SSE stream.
 */
export function splitAwkwardly(frames: string[]): SsePiece[] {
  const eventStarts: number[] = [];
  const parts: Buffer[] = [];
  let length = 0;
  for (const frame of frames) {
    const comment = Buffer.from(keepAliveComment);
    const bytes = Buffer.from(frame);
    parts.push(comment, bytes);
    eventStarts.push(length + comment.length);
    length += comment.length + bytes.length;
  }
  const buffer = Buffer.concat(parts, length);

  const cuts = new Set<number>();
  for (const start of eventStarts) cuts.add(start + 3);
  for (let offset = 0; offset < buffer.length; offset += 1) {
    const byte = buffer[offset]!;
    if (byte >= 0xc0) cuts.add(offset + 1);
    if (byte === 0x0a && buffer[offset + 1] === 0x0a) cuts.add(offset + 1);
  }
  const intervals = [5, 11, 2, 17, 7];
  for (let offset = 0, step = 0; offset < buffer.length; step += 1) {
    offset += intervals[step % intervals.length]!;
    cuts.add(offset);
  }

  const sorted = [...cuts].filter((cut) => cut > 0 && cut < buffer.length).sort((a, b) => a - b);
  const pieces: SsePiece[] = [];
  let previous = 0;
  let nextEvent = 1;
  for (const cut of [...sorted, buffer.length]) {
    let startsEvent = false;
    while (nextEvent < eventStarts.length && eventStarts[nextEvent]! < cut) {
      startsEvent = true;
      nextEvent += 1;
    }
    pieces.push({ data: buffer.subarray(previous, cut), startsEvent });
    previous = cut;
  }
  return pieces;
}

/**
 * Writes SSE frames one event at a time, or split awkwardly, pausing `chunkDelayMs` between events.
 * Resolves `false` when the connection closed before everything was written.
 */
export async function writeSseFrames(
  lifecycle: ResponseLifecycle,
  frames: string[],
  { chunkDelayMs = 0, splitChunks = false }: { chunkDelayMs?: number; splitChunks?: boolean } = {},
): Promise<boolean> {
  if (!splitChunks) {
    for (const [position, frame] of frames.entries()) {
      if (position > 0 && chunkDelayMs > 0 && !(await lifecycle.sleep(chunkDelayMs))) return false;
      if (!(await lifecycle.write(frame))) return false;
    }
    return true;
  }
  for (const piece of splitAwkwardly(frames)) {
    const pause = piece.startsEvent && chunkDelayMs > 0 ? chunkDelayMs : 0;
    if (!(await lifecycle.sleep(pause))) return false;
    if (!(await lifecycle.write(piece.data))) return false;
  }
  return true;
}
