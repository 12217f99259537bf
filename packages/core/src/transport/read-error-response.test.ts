import { describe, expect, it } from 'vitest';
import { extractErrorMessage } from './read-error-response.js';

describe('extractErrorMessage', () => {
  it.each([
    ['{"error":{"message":"bad model","type":"invalid_request_error"}}', 'bad model'],
    ['{"error":"quota exceeded"}', 'quota exceeded'],
    ['{"message":"overloaded"}', 'overloaded'],
    ['{"msg":"鉴权失败","code":1000}', '鉴权失败'],
    ['{"detail":"Not Found"}', 'Not Found'],
    ['upstream  connect error\n or disconnect', 'upstream connect error or disconnect'],
    ['<html><body>502 Bad Gateway</body></html>', ''],
    ['', ''],
  ])('reads %j', (body, expected) => {
    expect(extractErrorMessage(body)).toBe(expected);
  });

  it('truncates long messages', () => {
    expect(extractErrorMessage('x'.repeat(2_000))).toHaveLength(501);
  });
});
