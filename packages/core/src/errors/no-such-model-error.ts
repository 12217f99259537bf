import { ExaiError } from './exai-error.js';

const marker = 'exai.error.no-such-model';
const symbol = Symbol.for(marker);

export interface NoSuchModelErrorOptions {
  modelId: string;
  /** Close matches to suggest. */
  suggestions?: readonly string[];
  message?: string;
}

/**
 * No configured provider knows the requested model id or alias. The message speaks to whoever
 * called the library; the `exai` CLI and MCP server add how to list the models in their own terms.
 */
export class NoSuchModelError extends ExaiError {
  private readonly [symbol] = true;

  readonly modelId: string;
  readonly suggestions: readonly string[];

  constructor({ modelId, suggestions = [], message }: NoSuchModelErrorOptions) {
    super('no_such_model', {
      message:
        message ??
        `Unknown model "${modelId}".` +
          (suggestions.length > 0 ? ` Did you mean ${suggestions.map((s) => `"${s}"`).join(', ')}?` : '') +
          ' Use a model a configured provider lists, or write it as provider:model.',
      isRetryable: false,
    });
    this.name = 'NoSuchModelError';
    this.modelId = modelId;
    this.suggestions = suggestions;
  }

  static override isInstance(error: unknown): error is NoSuchModelError {
    return ExaiError.hasMarker(error, marker);
  }
}
