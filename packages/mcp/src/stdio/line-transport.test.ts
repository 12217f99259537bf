import { PassThrough, Writable } from 'node:stream';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LineTransport } from './line-transport.js';

let stdin: PassThrough;
let stdout: PassThrough;
let transport: LineTransport;
let received: JSONRPCMessage[];
let written: string;
let logged: string[];

beforeEach(async () => {
  stdin = new PassThrough();
  stdout = new PassThrough();
  received = [];
  written = '';
  logged = [];
  stdout.on('data', (chunk: Buffer) => (written += chunk.toString()));
  transport = new LineTransport({ stdin, stdout, maxMessageBytes: 64, log: (line) => logged.push(line) });
  transport.onmessage = (message) => received.push(message);
  await transport.start();
});
afterEach(async () => {
  await transport.close();
});

const flush = () => new Promise((resolve) => setImmediate(resolve));
const replies = () =>
  written
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as { id: unknown; error?: { code: number; message: string } });

describe('LineTransport', () => {
  it('delivers messages split across chunks and several in one chunk', async () => {
    stdin.write('{"jsonrpc":"2.0","id":1,"me');
    stdin.write('thod":"ping"}\n{"jsonrpc":"2.0","id":2,"method":"ping"}\r\n');
    await flush();
    expect(received).toEqual([
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', id: 2, method: 'ping' },
    ]);
  });

  it('answers malformed JSON with a parse error and keeps reading', async () => {
    stdin.write('{not json\n{"jsonrpc":"2.0","id":3,"method":"ping"}\n');
    await flush();
    expect(replies()).toEqual([
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32700 }) },
    ]);
    expect(received).toEqual([{ jsonrpc: '2.0', id: 3, method: 'ping' }]);
    expect(logged[0]).toMatch(/not valid JSON/);
  });

  it('answers JSON that is not JSON-RPC with invalid request, keeping its id', async () => {
    stdin.write('{"id":7,"hello":true}\n[1,2]\n');
    await flush();
    expect(replies()).toEqual([
      { jsonrpc: '2.0', id: 7, error: expect.objectContaining({ code: -32600 }) },
      { jsonrpc: '2.0', id: null, error: expect.objectContaining({ code: -32600 }) },
    ]);
    expect(received).toEqual([]);
  });

  it('skips an oversized message to its end, answers it with its id, and serves the next one', async () => {
    stdin.write(`{"jsonrpc":"2.0","id":4,"method":"ping","params":{"x":"${'a'.repeat(40)}`);
    stdin.write(`${'b'.repeat(100)}"}}\n{"jsonrpc":"2.0","id":5,"method":"ping"}\n`);
    await flush();
    expect(replies()).toEqual([{ jsonrpc: '2.0', id: 4, error: expect.objectContaining({ code: -32600 }) }]);
    expect(replies()[0]?.error?.message).toMatch(
      /larger than 64 bytes; it was skipped\. Pass large content by file/,
    );
    expect(received).toEqual([{ jsonrpc: '2.0', id: 5, method: 'ping' }]);
  });

  it('finds the id of an oversized message at its end, where the MCP SDK writes it', async () => {
    // The SDK's clients send {method, params, jsonrpc, id}: the id is past the bytes read.
    const params = `{"name":"chat","arguments":{"prompt":"${'p'.repeat(2000)}"}}`;
    for (const id of [6, '"req-7"']) {
      stdin.write(`{"method":"tools/call","params":${params},"jsonrpc":"2.0","id":${id}}\n`);
    }
    stdin.write(`{"method":"notifications/message","params":${params},"jsonrpc":"2.0"}\n`);
    // An "id" inside params is not the message's.
    stdin.write(
      `{"method":"notifications/message","jsonrpc":"2.0","params":{"x":"${'q'.repeat(99)}","id":9}}\n`,
    );
    await flush();
    expect(replies().map((reply) => reply.id)).toEqual([6, 'req-7', null, null]);
  });

  it('stops reading and reports close once', async () => {
    let closes = 0;
    transport.onclose = () => (closes += 1);
    await transport.close();
    await transport.close();
    stdin.write('{"jsonrpc":"2.0","id":6,"method":"ping"}\n');
    await flush();
    expect(closes).toBe(1);
    expect(received).toEqual([]);
  });

  it('fails a send waiting for drain when stdout errors or closes, with one shared listener', async () => {
    /** A stdout that accepts one byte and never drains, like a pipe nobody reads. */
    const stuck = () =>
      new Writable({ highWaterMark: 1, write: () => {} }).on('error', () => {
        // the test checks the send's rejection
      });
    const message: JSONRPCMessage = { jsonrpc: '2.0', id: 1, method: 'ping' };

    const erroring = stuck();
    const first = new LineTransport({ stdin: new PassThrough(), stdout: erroring });
    const sends = [first.send(message), first.send(message), first.send(message)];
    expect(erroring.listenerCount('drain')).toBe(1);
    erroring.destroy(new Error('EPIPE'));
    for (const send of sends) await expect(send).rejects.toThrow(/EPIPE/);
    expect(erroring.listenerCount('drain')).toBe(0);

    const closing = stuck();
    const second = new LineTransport({ stdin: new PassThrough(), stdout: closing });
    const waiting = second.send(message);
    closing.destroy();
    await expect(waiting).rejects.toThrow(/stdout closed/);
    await expect(second.send(message)).rejects.toThrow(/stdout is closed/);
  });
});
