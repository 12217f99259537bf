import { describe, expect, it } from 'vitest';
import { RecordNotFoundError } from '../errors/record-not-found-error.js';
import { DEFAULT_TENANT_ID } from '../session-store/v1/index.js';
import type { ContractContext } from './contract-context.js';
import { expectRejection } from './contract-helpers.js';

const tenantId = DEFAULT_TENANT_ID;

export function describeWorkflowStateContract(context: ContractContext): void {
  describe('workflow state', () => {
    it('reads as undefined for a thread without state and for an unknown thread', async () => {
      await context.store.createThread({ tenantId, id: 't' });
      expect(await context.store.getWorkflowState(tenantId, 't')).toBeUndefined();
      expect(await context.store.getWorkflowState(tenantId, 'no-such-thread')).toBeUndefined();
    });

    it('puts, gets and replaces (not merges) the state', async () => {
      await context.store.createThread({ tenantId, id: 't' });
      const state = {
        step: 1,
        findings: [{ file: 'src/a.ts', line: 3, severity: 'high' }],
        notes: 'ünïcode — ✓',
        done: false,
      };
      const put = await context.store.putWorkflowState(tenantId, 't', state);
      expect(put).toEqual({ tenantId, threadId: 't', state, updatedAt: expect.any(Date) });
      expect(await context.store.getWorkflowState(tenantId, 't')).toEqual(put);

      const replaced = await context.store.putWorkflowState(tenantId, 't', { step: 2 });
      expect(replaced.state).toEqual({ step: 2 });
      expect(await context.store.getWorkflowState(tenantId, 't')).toEqual(replaced);
      expect(replaced.updatedAt.getTime()).toBeGreaterThanOrEqual(put.updatedAt.getTime());
    });

    it('refuses state for an unknown thread, or a thread of another tenant', async () => {
      await expectRejection(
        context.store.putWorkflowState(tenantId, 'no-such-thread', {}),
        RecordNotFoundError,
      );
      await context.store.createTenant({ id: 'tenant-b' });
      await context.store.createThread({ tenantId: 'tenant-b', id: 'theirs' });
      await expectRejection(
        context.store.putWorkflowState(tenantId, 'theirs', { step: 1 }),
        RecordNotFoundError,
      );
      expect(await context.store.getWorkflowState('tenant-b', 'theirs')).toBeUndefined();
    });
  });
}
