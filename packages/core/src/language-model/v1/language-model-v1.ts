import type { LanguageModelV1CallOptions } from './language-model-v1-call-options.js';
import type { LanguageModelV1GenerateResult } from './language-model-v1-result.js';
import type { LanguageModelV1StreamResult } from './language-model-v1-stream-part.js';

/**
 * The contract every model implements. Released contracts are never edited;
 * a `LanguageModelV2` would stand beside this one.
 */
export interface LanguageModelV1 {
  readonly specificationVersion: 'v1';
  /** The provider id, e.g. `kimi`, or a custom endpoint's name. */
  readonly provider: string;
  /** The model id sent upstream, e.g. `kimi-k2-0905-preview`. */
  readonly modelId: string;

  /** Generates a whole answer. Rejects with an `ExaiError` subclass on failure. */
  doGenerate(options: LanguageModelV1CallOptions): Promise<LanguageModelV1GenerateResult>;

  /**
   * Streams an answer. Failures before the first byte reject the promise; failures after it
   * arrive as an `error` part followed by the end of the stream.
   */
  doStream(options: LanguageModelV1CallOptions): Promise<LanguageModelV1StreamResult>;
}
