/**
 * @exai/core — every export of this file is public API.
 *
 * Contracts (language models, providers), the model catalogue, the transport policy
 * (timeouts, retries, circuit breakers, bulkheads) and the provider registry.
 */
export * from './errors/index.js';
export type * from './language-model/v1/index.js';
export type * from './provider/v1/index.js';
export type { ModelCapabilities, ModelInfo } from './catalogue/model-info.js';
export type * from './transport/transport.js';
