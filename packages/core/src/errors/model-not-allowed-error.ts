import { ExaiError } from './exai-error.js';

const marker = 'exai.error.model-not-allowed';
const symbol = Symbol.for(marker);

export interface ModelNotAllowedErrorOptions {
  /** The model, as `provider:model`. */
  model: string;
  /** The deny pattern that matched; unset when the model matched no allow pattern. */
  deniedBy?: string;
  message?: string;
}

/** The configuration's allow/deny lists refuse the requested model. */
export class ModelNotAllowedError extends ExaiError {
  private readonly [symbol] = true;

  readonly model: string;
  readonly deniedBy: string | undefined;

  constructor({ model, deniedBy, message }: ModelNotAllowedErrorOptions) {
    super('model_not_allowed', {
      message:
        message ??
        (deniedBy === undefined
          ? `Model ${model} is not in the configured allow list.`
          : `Model ${model} is refused by the deny pattern "${deniedBy}".`) +
          ' Choose another model, or change the allow/deny settings.',
      isRetryable: false,
    });
    this.name = 'ModelNotAllowedError';
    this.model = model;
    this.deniedBy = deniedBy;
  }

  static override isInstance(error: unknown): error is ModelNotAllowedError {
    return ExaiError.hasMarker(error, marker);
  }
}
