import { describe, expect, it } from 'vitest';
import { describeApiKeyUseContract } from './contract-api-key-use.js';
import { describeAuditContract } from './contract-audit.js';
import { describeBackupContract } from './contract-backup.js';
import { describeCommitTurnContract, type SessionStoreFaults } from './contract-commit-turn.js';
import { describeConcurrencyContract } from './contract-concurrency.js';
import { useContractContext, type CreateSessionStoreSubject } from './contract-context.js';
import { describeExpireContract } from './contract-expire.js';
import { describeFileContract } from './contract-files.js';
import { describeInputCheckContract } from './contract-input-checks.js';
import { describeTaskContract } from './contract-tasks.js';
import { describeTenantContract } from './contract-tenants.js';
import { describeTenantDataContract } from './contract-tenant-data.js';
import { describeThreadListingContract } from './contract-thread-listing.js';
import { describeThreadContract } from './contract-threads.js';
import { describeTurnContract } from './contract-turns.js';
import { describeUsageContract } from './contract-usage.js';
import { describeWorkflowStateContract } from './contract-workflow-state.js';

export interface SessionStoreContractOptions {
  /**
   * A reason to skip the whole suite, e.g. that the database cannot be reached. The suite is
   * still registered, as skipped, with the reason in its title.
   */
  skip?: string | false;
  /**
   * Whether the store takes the current time from `Date` (the default), so the suite can pin it
   * with fake timers to test boundaries at exactly now. A store whose database keeps the clock
   * says false, and those tests are skipped for it.
   */
  clockFollowsDate?: boolean;
  /**
   * How to make the store's writes fail, for the test that a failed `commitTurn` leaves nothing.
   * Every exai adapter gives it; without it that one test is skipped with a warning.
   */
  faults?: SessionStoreFaults;
}

/**
 * Registers the `SessionStoreV1` contract suite: every guarantee of the contract, one focused
 * test each. `createStore` must give a fresh, empty store on every call (a SQL adapter makes a new
 * schema or database); after each test the suite closes every store the test made, then awaits
 * its `cleanup`. Tests use only the contract's public methods, and pass the times that matter
 * (`createdAt`, `expiresAt`, `expire(now)`) explicitly instead of sleeping.
 *
 * ```ts
 * import { createMemorySessionStore } from '@exai/core';
 * import { describeSessionStoreContract } from '@exai/core/test';
 *
 * describeSessionStoreContract('memory', async () => ({ store: createMemorySessionStore() }));
 * ```
 */
export function describeSessionStoreContract(
  name: string,
  createStore: CreateSessionStoreSubject,
  { skip = false, clockFollowsDate = true, faults }: SessionStoreContractOptions = {},
): void {
  const title = `SessionStoreV1 contract: ${name}`;
  if (skip !== false) {
    console.warn(`SKIPPED ${title}: ${skip}`);
    describe.skip(`${title} (skipped: ${skip})`, () => {
      it('needs a reachable store', () => undefined);
    });
    return;
  }

  describe(title, () => {
    const context = useContractContext(createStore);

    it('answers ping and says which contract it implements', async () => {
      await expect(context.store.ping()).resolves.toBeUndefined();
      expect(context.store.specificationVersion).toBe('v1');
      expect(context.store.kind).toEqual(expect.any(String));
    });

    describeTenantContract(context);
    describeApiKeyUseContract(context);
    describeThreadContract(context);
    describeThreadListingContract(context, { clockFollowsDate });
    describeTurnContract(context);
    describeConcurrencyContract(context);
    describeCommitTurnContract(context, { faults });
    describeWorkflowStateContract(context);
    describeFileContract(context);
    describeUsageContract(context);
    describeAuditContract(context);
    describeExpireContract(context);
    describeTenantDataContract(context);
    describeTaskContract(context);
    describeBackupContract(context);
    describeInputCheckContract(context);
  });
}
