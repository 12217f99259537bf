import { describe, expect, it } from 'vitest';
import { probePostgres } from '../postgres/test-support/postgres-test-database.js';
import { createSupabaseTestProject } from './test-support/supabase-test-project.js';

const postgres = await probePostgres();

describe.skipIf(!postgres.available)('exporting a Supabase store that is being written to', () => {
  it('leaves out children whose parent was written after the export read its type', async () => {
    const project = await createSupabaseTestProject();
    const store = project.createStore();
    try {
      const before = await store.createThread({ tenantId: 'default', title: 'before' });
      await store.appendTurn({ tenantId: 'default', threadId: before.id, role: 'user', content: 'one' });

      const exported: string[] = [];
      let wroteDuringExport = false;
      for await (const entry of store.exportRecords()) {
        const record = entry.record as { id?: string; threadId?: string };
        exported.push(`${entry.type}:${record.threadId ?? record.id ?? ''}`);
        if (entry.type === 'thread' && !wroteDuringExport) {
          // Threads have been read; a thread and its turn written now reach only the turn page.
          wroteDuringExport = true;
          const late = await store.createThread({ tenantId: 'default', id: 'a-late', title: 'late' });
          await store.appendTurn({ tenantId: 'default', threadId: late.id, role: 'user', content: 'late' });
        }
      }
      expect(wroteDuringExport).toBe(true);
      expect(exported).toContain(`turn:${before.id}`);
      expect(exported.filter((line) => line.endsWith(':a-late'))).toEqual([]);
    } finally {
      await store.close();
      await project.close();
    }
  });
});
