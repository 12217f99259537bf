import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolCatalogue } from '@exai/mcp';
import { describe, expect, it } from 'vitest';
import { isRecordedAuditAction, recordedAuditActions } from './audit-actions.js';

const packagesDirectory = fileURLToPath(new URL('../../../', import.meta.url));
const toolNames = toolCatalogue.map((entry) => entry.name);

/** The non-test TypeScript sources of every package. */
function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      return ['node_modules', 'dist', 'test', 'test-support'].includes(entry.name) ? [] : sources(path);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the audit actions exai records', () => {
  it('include every action a source file records by name, so exai audit --action never refuses one', () => {
    const named = new Set<string>();
    for (const directory of readdirSync(packagesDirectory)) {
      for (const file of sources(join(packagesDirectory, directory, 'src'))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(/\baction\b[^;\n(]*?'([a-z][\w-]*(?:\.[\w-]+)+)'/g)) {
          named.add(match[1]!);
        }
      }
    }
    expect(named.size).toBeGreaterThan(5);
    expect([...named].filter((action) => !isRecordedAuditAction(action, toolNames))).toEqual([]);
  });

  it('take tool.<tool> only for a tool exai has', () => {
    expect(isRecordedAuditAction('tool.chat', toolNames)).toBe(true);
    expect(isRecordedAuditAction('tool.web_search', toolNames)).toBe(true);
    expect(isRecordedAuditAction('tool.chatt', toolNames)).toBe(false);
    expect(isRecordedAuditAction('store.migrate', toolNames)).toBe(false);
    expect(recordedAuditActions).toContain('store.migrate.down');
  });
});
