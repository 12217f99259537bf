import { describe, expect, it } from 'vitest';
import { NoSuchModelError } from './no-such-model-error.js';

describe('NoSuchModelError', () => {
  it('speaks to a library user: close matches and provider:model, no command of the exai CLI', () => {
    const error = new NoSuchModelError({ modelId: 'kimi-k3', suggestions: ['kimi:kimi-k2', 'kimi-k2'] });
    expect(error.code).toBe('no_such_model');
    expect(error.isRetryable).toBe(false);
    expect(error.message).toBe(
      'Unknown model "kimi-k3". Did you mean "kimi:kimi-k2", "kimi-k2"? Use a model a configured provider ' +
        'lists, or write it as provider:model.',
    );
    expect(new NoSuchModelError({ modelId: 'x' }).message).not.toMatch(/exai|`/);
  });

  it('keeps a message it is given', () => {
    expect(new NoSuchModelError({ modelId: 'auto', message: 'No allowed model.' }).message).toBe(
      'No allowed model.',
    );
  });
});
