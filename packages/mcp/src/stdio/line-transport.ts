import type { Readable, Writable } from 'node:stream';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { JSONRPCMessageSchema, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { idOfOversizedMessage, OVERSIZED_MESSAGE_EDGE_BYTES } from './oversized-message-id.js';

/** Largest JSON-RPC message read from stdin. */
export const DEFAULT_MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

export interface LineTransportOptions {
  stdin: Readable;
  stdout: Writable;
  maxMessageBytes?: number;
  /** Receives a line about every message refused. */
  log?: (line: string) => void;
}

/**
 * Newline-delimited JSON-RPC over stdin/stdout that survives bad input: a line that is not JSON
 * gets a parse error (-32700), one that is not JSON-RPC an invalid-request error (-32600, with
 * its id when it has one), and a line longer than `maxMessageBytes` is skipped to its end and
 * answered with -32600 (with its id when its first or last bytes show it, so the client is not
 * left waiting), all without closing the connection.
 */
export class LineTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;

  private readonly stdin: Readable;
  private readonly stdout: Writable;
  private readonly maxMessageBytes: number;
  private readonly log: (line: string) => void;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private skipping = false;
  private skippedHead = '';
  private skippedTail = Buffer.alloc(0);
  private closed = false;
  private drained: Promise<void> | undefined;

  constructor({
    stdin,
    stdout,
    maxMessageBytes = DEFAULT_MAX_MESSAGE_BYTES,
    log = () => {},
  }: LineTransportOptions) {
    this.stdin = stdin;
    this.stdout = stdout;
    this.maxMessageBytes = maxMessageBytes;
    this.log = log;
  }

  async start(): Promise<void> {
    this.stdin.on('data', this.onData);
    this.stdin.on('error', this.onStreamError);
  }

  /**
   * Writes one message. When stdout is full it waits for 'drain', and fails instead of waiting
   * for ever when stdout reports an error or closes first.
   */
  async send(message: JSONRPCMessage): Promise<void> {
    if (this.closed) return;
    if (this.stdout.destroyed) throw new Error('stdout is closed; the message was not sent.');
    const line = `${JSON.stringify(message)}\n`;
    if (!this.stdout.write(line)) await this.writable();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.stdin.off('data', this.onData);
    this.stdin.off('error', this.onStreamError);
    if (this.stdin.listenerCount('data') === 0) this.stdin.pause();
    this.chunks = [];
    this.onclose?.();
  }

  private readonly onStreamError = (error: Error) => this.onerror?.(error);

  /** One wait for 'drain' shared by every send that finds stdout full, so listeners do not pile up. */
  private writable(): Promise<void> {
    this.drained ??= new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        this.stdout.off('drain', onDrain);
        this.stdout.off('error', onError);
        this.stdout.off('close', onClose);
        this.drained = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const onDrain = () => settle();
      const onError = (error: Error) => settle(error);
      const onClose = () => settle(new Error('stdout closed before the message was written.'));
      this.stdout.on('drain', onDrain);
      this.stdout.on('error', onError);
      this.stdout.on('close', onClose);
    });
    return this.drained;
  }

  private readonly onData = (chunk: Buffer | string) => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (data.length > 0) {
      const newline = data.indexOf(0x0a);
      const piece = newline === -1 ? data : data.subarray(0, newline);
      if (this.skipping) {
        this.keepTail(piece);
      } else if (this.buffered + piece.length > this.maxMessageBytes) {
        // Only its first and last bytes are kept: enough to answer it with its id at its end.
        this.chunks.push(piece);
        const message = Buffer.concat(this.chunks);
        this.skippedHead = message.subarray(0, OVERSIZED_MESSAGE_EDGE_BYTES).toString('utf8');
        this.skippedTail = Buffer.alloc(0);
        this.keepTail(message);
        this.chunks = [];
        this.buffered = 0;
        this.skipping = true;
      } else {
        this.chunks.push(piece);
        this.buffered += piece.length;
      }
      if (newline === -1) return;
      if (this.skipping) this.refuseOversized();
      else this.handleLine(Buffer.concat(this.chunks).toString('utf8').replace(/\r$/, ''));
      this.chunks = [];
      this.buffered = 0;
      this.skipping = false;
      data = data.subarray(newline + 1);
    }
  };

  private keepTail(piece: Buffer): void {
    const tail = Buffer.concat([this.skippedTail, piece]);
    this.skippedTail = tail.subarray(Math.max(0, tail.length - OVERSIZED_MESSAGE_EDGE_BYTES));
  }

  private refuseOversized(): void {
    const id = idOfOversizedMessage(this.skippedHead, this.skippedTail.toString('utf8'));
    this.skippedHead = '';
    this.skippedTail = Buffer.alloc(0);
    this.refuse(
      id,
      INVALID_REQUEST,
      `Message larger than ${this.maxMessageBytes} bytes; it was skipped. ` +
        'Pass large content by file path (prompt_file, files) instead of inline.',
    );
  }

  private handleLine(line: string): void {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      this.refuse(
        null,
        PARSE_ERROR,
        `Parse error: the message is not valid JSON (${(error as Error).message}).`,
      );
      return;
    }
    const parsed = JSONRPCMessageSchema.safeParse(value);
    if (!parsed.success) {
      const id = idOf(value);
      this.refuse(
        id,
        INVALID_REQUEST,
        'Invalid request: not a JSON-RPC 2.0 message (it needs "jsonrpc": "2.0", and a "method" or a "result"/"error" with an "id").',
      );
      return;
    }
    this.onmessage?.(parsed.data);
  }

  private refuse(id: string | number | null, code: number, message: string): void {
    this.log(`exai: refused a message on stdin: ${message}`);
    // JSON-RPC answers an unidentifiable bad request with id null, which the SDK's types do not model.
    this.send({ jsonrpc: '2.0', id, error: { code, message } } as unknown as JSONRPCMessage).catch(
      (error: unknown) => this.log(`exai: could not answer a refused message: ${String(error)}`),
    );
  }
}

function idOf(value: unknown): string | number | null {
  if (typeof value !== 'object' || value === null || !('id' in value)) return null;
  const { id } = value as { id: unknown };
  return typeof id === 'string' || typeof id === 'number' ? id : null;
}
