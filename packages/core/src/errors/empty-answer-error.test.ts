import { describe, expect, it } from 'vitest';
import { EmptyAnswerError } from './empty-answer-error.js';
import { ExaiError } from './exai-error.js';

describe('EmptyAnswerError', () => {
  it('is a non-retryable ExaiError with the code empty_answer', () => {
    const error = new EmptyAnswerError({ model: 'kimi:kimi-k2', finishReason: 'stop' });
    expect(ExaiError.isInstance(error)).toBe(true);
    expect(EmptyAnswerError.isInstance(error)).toBe(true);
    expect(EmptyAnswerError.isInstance(new ExaiError('empty_answer', { message: 'x' }))).toBe(false);
    expect(error).toMatchObject({ code: 'empty_answer', isRetryable: false, model: 'kimi:kimi-k2' });
  });

  it('says why by how the model stopped', () => {
    const message = (options: Partial<ConstructorParameters<typeof EmptyAnswerError>[0]>) =>
      new EmptyAnswerError({ model: 'm:1', finishReason: 'stop', ...options }).message;
    expect(message({ finishReason: 'length' })).toBe(
      'm:1 returned an empty answer (finish reason length): it reached its output limit before writing ' +
        'any answer text. Ask for less at once, use a lower thinking level (or none), or use a model with ' +
        'more output room. Nothing of it was kept.',
    );
    expect(message({ finishReason: 'content-filter' })).toContain(
      "(finish reason content-filter): the provider's content filter stopped it. Rephrase the request",
    );
    expect(message({ reasoned: true })).toContain(
      '(finish reason stop): it wrote reasoning but no answer text.',
    );
    expect(message({ finishReason: 'tool-calls', toolNames: ['a', 'b'] })).toContain(
      'it only asked to call tools (a, b), which this call does not run.',
    );
  });
});
