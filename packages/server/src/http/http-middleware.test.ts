import type { IncomingMessage, ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import { composeMiddleware, type HttpContext } from './http-middleware.js';

const context = {
  request: {} as IncomingMessage,
  response: {} as ServerResponse,
  requestId: 'r',
  pathname: '/mcp',
} satisfies HttpContext;

describe('composeMiddleware', () => {
  it('runs steps in order, sync or async, and turns a step that throws into a rejection', async () => {
    const order: string[] = [];
    const chain = composeMiddleware([
      (_context, next) => {
        order.push('sync');
        return next();
      },
      async (_context, next) => {
        order.push('async');
        await next();
      },
      () => {
        order.push('throws');
        throw new Error('broken step');
      },
    ]);
    const running = chain(context);
    expect(running).toBeInstanceOf(Promise);
    await expect(running).rejects.toThrow('broken step');
    expect(order).toEqual(['sync', 'async', 'throws']);
  });
});
