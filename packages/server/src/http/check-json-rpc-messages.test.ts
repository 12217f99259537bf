import { describe, expect, it } from 'vitest';
import { checkJsonRpcMessages } from './check-json-rpc-messages.js';

describe('checkJsonRpcMessages', () => {
  it('lets requests, notifications, responses and batches of them pass', () => {
    for (const body of [
      { jsonrpc: '2.0', id: 1, method: 'ping' },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 'a', result: {} },
      { jsonrpc: '2.0', id: 'a', error: { code: -1, message: 'no' } },
      [
        { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: { progressToken: 'p' } } },
        { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 1 } },
      ],
    ]) {
      expect(checkJsonRpcMessages(body), JSON.stringify(body)).toBeUndefined();
    }
  });

  it('answers -32600 naming what is wrong with a message that is not JSON-RPC', () => {
    expect(checkJsonRpcMessages('hello')).toEqual({
      code: -32600,
      message: 'Invalid Request: a JSON-RPC message must be an object, got a string ("hello")',
      id: null,
    });
    expect(checkJsonRpcMessages({ jsonrpc: '1.0', id: 1, method: 'ping' })?.message).toBe(
      'Invalid Request: "jsonrpc" must be "2.0", got "1.0"',
    );
    expect(checkJsonRpcMessages({ jsonrpc: '2.0', id: 1.5, method: 'ping' })?.message).toBe(
      'Invalid Request: "id" must be a string or an integer, got 1.5',
    );
    expect(checkJsonRpcMessages({ jsonrpc: '2.0', id: 1 })?.message).toBe(
      'Invalid Request: a request or notification needs a string "method"',
    );
    // A batch with any such message is an Invalid Request, even after a request with bad params.
    expect(
      checkJsonRpcMessages([
        { jsonrpc: '2.0', id: 1, method: 'ping', params: [] },
        { jsonrpc: '2.0', id: 2, method: 7 },
      ]),
    ).toMatchObject({
      code: -32600,
      message: 'Invalid Request: message 2 of the batch: "method" must be a string, got 7',
    });
  });

  it('answers -32600, not a crash, for JSON nested too deeply to show', () => {
    const deep = (): unknown => JSON.parse('['.repeat(100_000) + ']'.repeat(100_000));
    expect(checkJsonRpcMessages(deep())).toEqual({
      code: -32600,
      message:
        'Invalid Request: message 1 of the batch: a JSON-RPC message must be an object, got an array (an array nested too deeply to show)',
      id: null,
    });
    expect(checkJsonRpcMessages({ jsonrpc: '2.0', id: deep(), method: 'ping' })?.message).toBe(
      'Invalid Request: "id" must be a string or an integer, got an array nested too deeply to show',
    );
    expect(checkJsonRpcMessages([deep()])?.code).toBe(-32600);
  });

  it('answers -32602 with the request id when params or params._meta is not an object', () => {
    expect(checkJsonRpcMessages({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: [] })).toEqual({
      code: -32602,
      message: 'Invalid params for tools/call: params must be an object, got an array',
      id: 9,
    });
    expect(
      checkJsonRpcMessages({ jsonrpc: '2.0', id: 'x', method: 'tools/list', params: { _meta: 'm' } })
        ?.message,
    ).toBe('Invalid params for tools/list: params._meta must be an object, got a string');
  });
});
