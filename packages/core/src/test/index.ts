/**
 * @exai/core/test — every export of this file is public API.
 *
 * Test kits: the `SessionStoreV1` contract suite for adapter authors, run with vitest, and a
 * temporary folder tree for tests of code that reads files through the `FileService`.
 */
export {
  describeSessionStoreContract,
  type SessionStoreContractOptions,
} from './describe-session-store-contract.js';
export type { CreateSessionStoreSubject, SessionStoreContractSubject } from './contract-context.js';
export type { SessionStoreFaults } from './contract-commit-turn.js';
export { createTemporaryTree, pngBytes, type TemporaryTree } from '../files/file-service-test-helpers.js';
