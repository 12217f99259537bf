import { describe, expect, it } from 'vitest';
import { createExaiLogger, lineLoggerOf } from './create-exai-logger.js';

function capture() {
  const written: string[] = [];
  return { written, destination: { write: (text: string) => written.push(text) } };
}

describe('lineLoggerOf', () => {
  it('writes each line as one JSON entry with its level and the request it belongs to', () => {
    const { written, destination } = capture();
    const log = lineLoggerOf(createExaiLogger({ destination }));
    const request = { correlationId: 'c-1', tenantId: 'acme' };
    log('exai: chat ok in 5 ms (request c-1)', request);
    log('exai: warning: the store is slow', request);
    log('exai: chat failed: upstream down', request);
    log('exai: outside any request');
    log('exai: refused a request', { correlationId: 'c-2' });
    const entries = written.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.map(({ time: _time, ...entry }) => entry)).toEqual([
      {
        level: 30,
        name: 'exai',
        correlationId: 'c-1',
        tenantId: 'acme',
        msg: 'exai: chat ok in 5 ms (request c-1)',
      },
      {
        level: 40,
        name: 'exai',
        correlationId: 'c-1',
        tenantId: 'acme',
        msg: 'exai: warning: the store is slow',
      },
      {
        level: 50,
        name: 'exai',
        correlationId: 'c-1',
        tenantId: 'acme',
        msg: 'exai: chat failed: upstream down',
      },
      { level: 30, name: 'exai', msg: 'exai: outside any request' },
      { level: 30, name: 'exai', correlationId: 'c-2', msg: 'exai: refused a request' },
    ]);
  });

  it("follows the logger's level when it changes after the line logger was made", () => {
    const { written, destination } = capture();
    const logger = createExaiLogger({ destination });
    const log = lineLoggerOf(logger);
    logger.level = 'error';
    log('exai: chat ok in 5 ms');
    log('exai: warning: the store is slow');
    log('exai: chat failed: upstream down');
    logger.level = 'silent';
    log('exai: chat failed: again');
    expect(written.map((line) => (JSON.parse(line) as { msg: string }).msg)).toEqual([
      'exai: chat failed: upstream down',
    ]);
  });

  it('still redacts fields logged on the logger itself', () => {
    const { written, destination } = capture();
    const logger = createExaiLogger({ destination });
    lineLoggerOf(logger)('exai: ready');
    logger.warn({ config: { apiKey: 'sk-secret' }, token: 'sk-other' }, 'loaded');
    expect(written.join('')).not.toContain('sk-');
    expect(JSON.parse(written[1]!)).toMatchObject({ config: { apiKey: '[redacted]' }, token: '[redacted]' });
  });
});
