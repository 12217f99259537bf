/**
 * @exai/core/test — every export of this file is public API.
 *
 * Test kits for adapter authors: the `SessionStoreV1` contract suite, run with vitest.
 */
export {
  describeSessionStoreContract,
  type SessionStoreContractOptions,
} from './describe-session-store-contract.js';
export type { CreateSessionStoreSubject, SessionStoreContractSubject } from './contract-context.js';
export type { SessionStoreFaults } from './contract-commit-turn.js';
