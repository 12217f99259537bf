export { ExaiError, type ExaiErrorOptions } from './exai-error.js';
export { AbortedError } from './aborted-error.js';
export { AllModelsFailedError, type FallbackAttempt } from './all-models-failed-error.js';
export {
  ApiCallError,
  codeForStatus,
  isRetryableStatus,
  type ApiCallErrorOptions,
} from './api-call-error.js';
export { CircuitOpenError, type CircuitOpenErrorOptions } from './circuit-open-error.js';
export { AnswerTooLargeError, type AnswerTooLargeErrorOptions } from './answer-too-large-error.js';
export { EmptyAnswerError, type EmptyAnswerErrorOptions } from './empty-answer-error.js';
export { InvalidArgumentError } from './invalid-argument-error.js';
export {
  ContextWindowExceededError,
  type ContextWindowExceededErrorOptions,
} from './context-window-exceeded-error.js';
export { InvalidConfigError, type InvalidConfigErrorOptions } from './invalid-config-error.js';
export { InvalidResponseError, type InvalidResponseErrorOptions } from './invalid-response-error.js';
export {
  describeMissingApiKeyForUsers,
  MissingApiKeyError,
  type MissingApiKeyErrorOptions,
} from './missing-api-key-error.js';
export { ModelNotAllowedError, type ModelNotAllowedErrorOptions } from './model-not-allowed-error.js';
export { NetworkError, type NetworkErrorOptions } from './network-error.js';
export { NoSuchModelError, type NoSuchModelErrorOptions } from './no-such-model-error.js';
export { OverCapacityError, type OverCapacityErrorOptions } from './over-capacity-error.js';
export { StreamError, type StreamErrorOptions } from './stream-error.js';
export { TimeoutError, type TimeoutErrorOptions, type TimeoutPhase } from './timeout-error.js';
export { RecordExistsError } from './record-exists-error.js';
export { RecordNotFoundError } from './record-not-found-error.js';
export { StoreUnavailableError } from './store-unavailable-error.js';
export { BinaryFileError, type BinaryFileErrorOptions } from './binary-file-error.js';
export { FileNotFoundError, type FileNotFoundErrorOptions } from './file-not-found-error.js';
export { FileTooLargeError, type FileTooLargeErrorOptions } from './file-too-large-error.js';
export {
  PathNotAllowedError,
  type PathNotAllowedErrorOptions,
  type PathNotAllowedRule,
} from './path-not-allowed-error.js';
export { UnsupportedImageError } from './unsupported-image-error.js';
export { BlockedAddressError, type BlockedAddressErrorOptions } from './blocked-address-error.js';
