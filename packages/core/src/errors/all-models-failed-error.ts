import { ExaiError } from './exai-error.js';

const marker = 'exai.error.all-models-failed';
const symbol = Symbol.for(marker);

/** One model tried in a fallback chain, and why it did not answer. */
export interface FallbackAttempt {
  /** `provider:model`. */
  model: string;
  /** The stable code of the error it failed with. */
  code: string;
  message: string;
}

/** Every model in a fallback chain failed. */
export class AllModelsFailedError extends ExaiError {
  private readonly [symbol] = true;

  readonly attempts: readonly FallbackAttempt[];

  constructor({ attempts, cause }: { attempts: readonly FallbackAttempt[]; cause?: unknown }) {
    super('all_models_failed', {
      message:
        `Every model in the fallback chain failed:\n` +
        attempts.map((a) => `  - ${a.model}: ${a.code}: ${a.message}`).join('\n'),
      cause,
      isRetryable: false,
    });
    this.name = 'AllModelsFailedError';
    this.attempts = attempts;
  }

  static override isInstance(error: unknown): error is AllModelsFailedError {
    return ExaiError.hasMarker(error, marker);
  }
}
