/** One server-sent event. */
export interface SseEvent {
  /** The `event:` field; `undefined` for the default `message` type. */
  event: string | undefined;
  /** The `data:` lines, joined with `\n`. */
  data: string;
  /** The last `id:` seen, which per the spec carries over to later events. */
  id: string | undefined;
  /** The `retry:` field in milliseconds, when this event set it. */
  retry: number | undefined;
}

const LF = 10;
const COLON = 58;
const SPACE = 32;

/**
 * An incremental parser for `text/event-stream` bodies, fed raw bytes as they arrive.
 *
 * Bytes are decoded with a streaming `TextDecoder`, so a UTF-8 character split across chunks
 * survives; lines end in CRLF, LF or CR, even when the CR and LF arrive in different chunks.
 * At the end of input, an event whose lines were all terminated is dispatched even without the
 * final blank line; an unterminated last line is dropped (it is a cut-off line, not an event).
 */
export class SseParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** Text after the last line break seen. */
  private pending = '';
  /** The previous chunk ended in CR, so an LF starting the next chunk belongs to it. */
  private skipLeadingLineFeed = false;
  private data: string | undefined = undefined;
  private eventType: string | undefined = undefined;
  private lastEventId: string | undefined = undefined;
  private retry: number | undefined = undefined;

  /** Feeds a chunk; returns the events it completed, in order. */
  feed(chunk: Uint8Array): SseEvent[] {
    const events: SseEvent[] = [];
    let decoded = this.decoder.decode(chunk, { stream: true });
    if (decoded.length === 0) return events;
    if (this.skipLeadingLineFeed) {
      this.skipLeadingLineFeed = false;
      if (decoded.charCodeAt(0) === LF) decoded = decoded.slice(1);
    }
    this.scan(this.pending.length === 0 ? decoded : this.pending + decoded, events);
    return events;
  }

  /** Ends the input; returns the events still pending. */
  end(): SseEvent[] {
    const events: SseEvent[] = [];
    const rest = this.decoder.decode();
    if (rest.length > 0) this.scan(this.pending + rest, events);
    this.pending = '';
    this.dispatch(events);
    return events;
  }

  private scan(text: string, events: SseEvent[]): void {
    let position = 0;
    let lineFeed = text.indexOf('\n');
    let carriageReturn = text.indexOf('\r');
    const length = text.length;

    while (lineFeed !== -1 || carriageReturn !== -1) {
      let lineEnd: number;
      let next: number;
      if (carriageReturn !== -1 && (lineFeed === -1 || carriageReturn < lineFeed)) {
        lineEnd = carriageReturn;
        if (carriageReturn + 1 < length) {
          next = text.charCodeAt(carriageReturn + 1) === LF ? carriageReturn + 2 : carriageReturn + 1;
        } else {
          next = carriageReturn + 1;
          this.skipLeadingLineFeed = true;
        }
      } else {
        lineEnd = lineFeed;
        next = lineFeed + 1;
      }

      this.processLine(text, position, lineEnd, events);
      position = next;
      if (lineFeed !== -1 && lineFeed < position) lineFeed = text.indexOf('\n', position);
      if (carriageReturn !== -1 && carriageReturn < position) carriageReturn = text.indexOf('\r', position);
    }

    this.pending = position === 0 ? text : text.slice(position);
  }

  private processLine(text: string, start: number, end: number, events: SseEvent[]): void {
    if (start === end) {
      this.dispatch(events);
      return;
    }
    if (text.charCodeAt(start) === COLON) return; // a comment

    const colon = text.indexOf(':', start);
    let field: string;
    let value: string;
    if (colon === -1 || colon >= end) {
      field = text.slice(start, end);
      value = '';
    } else {
      field = text.slice(start, colon);
      const valueStart = text.charCodeAt(colon + 1) === SPACE && colon + 1 < end ? colon + 2 : colon + 1;
      value = text.slice(valueStart, end);
    }

    switch (field) {
      case 'data':
        this.data = this.data === undefined ? value : `${this.data}\n${value}`;
        break;
      case 'event':
        this.eventType = value;
        break;
      case 'id':
        if (!value.includes('\0')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d+$/.test(value)) this.retry = Number(value);
        break;
      default:
        break; // unknown fields are ignored
    }
  }

  private dispatch(events: SseEvent[]): void {
    if (this.data !== undefined) {
      events.push({
        event: this.eventType === '' ? undefined : this.eventType,
        data: this.data,
        id: this.lastEventId,
        retry: this.retry,
      });
    }
    this.data = undefined;
    this.eventType = undefined;
    this.retry = undefined;
  }
}
