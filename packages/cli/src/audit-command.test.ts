import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSessionStore } from '@exai/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let store: string;

function exai(argv: string[]) {
  return runCliCaptured({
    argv: ['--store', `sqlite:${store}`, ...argv],
    env: { HOME: directory, XDG_DATA_HOME: join(directory, 'data'), NO_COLOR: '1' },
    cwd: directory,
    tty: true,
  });
}

beforeAll(() => {
  directory = mkdtempSync(join(tmpdir(), 'exai-audit-'));
  store = join(directory, 'store.db');
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exai audit', () => {
  it('reads the administrative actions migrate and gc recorded, as JSON and as a table', async () => {
    expect((await exai(['migrate', 'up'])).code).toBe(0);
    expect((await exai(['gc'])).code).toBe(0);
    const json = await exai(['audit', '--json']);
    expect(json.code).toBe(0);
    const { records } = JSON.parse(json.stdout) as {
      records: Array<{ tenantId: string; actor: string; action: string; detail: Record<string, unknown> }>;
    };
    expect(records.map((record) => record.action)).toEqual(['store.gc', 'store.migrate.up']);
    expect(records[0]).toMatchObject({
      tenantId: 'default',
      actor: 'cli',
      detail: { deleted: { threads: 0, files: 0 } },
    });

    const table = await exai(['audit', '--tenant', 'default', '--since', '1h']);
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toMatch(/^AT\s+TENANT\s+ACTOR\s+ACTION\s+TARGET\s+OUTCOME/);
    expect(table.stdout).toContain('store.gc');
    expect((await exai(['audit', '--action', 'store.gc', '--json'])).stdout).not.toContain(
      'store.migrate.up',
    );
  });

  it('finds a created key under the action that --help names for it', async () => {
    expect((await exai(['keys', 'create', '--tenant', 'acme', '--json'])).code).toBe(0);
    const help = await exai(['audit', '--help']);
    const examples = /--action <action>.*e\.g\. ([^\n]+)/.exec(help.stdout)?.[1]?.split(/,\s*/) ?? [];
    const keyAction = examples.find((action) => action.includes('key'));
    expect(keyAction).toBeDefined();
    const found = await exai(['audit', '--action', keyAction!, '--json']);
    const { records } = JSON.parse(found.stdout) as { records: Array<{ tenantId: string; action: string }> };
    expect(records).toEqual([expect.objectContaining({ tenantId: 'acme', action: 'api-key.create' })]);
  });

  it('refuses an --action exai never records, listing the ones it does; a known one just finds nothing', async () => {
    expect((await exai(['migrate', 'up'])).code).toBe(0);
    const typo = await exai(['audit', '--action', 'store.garbage']);
    expect(typo.code).toBe(2);
    expect(typo.stdout).toBe('');
    expect(typo.stderr).toBe(
      'exai: invalid_argument: no audit record has the action "store.garbage", and it is not one exai records. ' +
        'The actions are: tool.call, thread.delete, tenant.delete, api-key.create, api-key.revoke, ' +
        'store.migrate.up, store.migrate.down, store.restore, store.gc, and tool.<tool> for a model turn ' +
        'a tool stored (tool.chat, tool.thinkdeep, tool.codereview, …; exai tools lists the tools). ' +
        'Run exai audit --action with one of them.\n',
    );
    expect((await exai(['audit', '--action', 'tool.nope', '--json'])).code).toBe(2);

    for (const known of ['store.restore', 'tool.chat']) {
      const none = await exai(['audit', '--action', known]);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('no audit records');
    }
  });

  it('finds an action a program recorded itself, though exai does not record it', async () => {
    const opened = await openSessionStore({ kind: 'sqlite', path: store });
    try {
      await opened.appendAudit({ tenantId: 'default', action: 'deploy.promote', actor: 'pipeline' });
    } finally {
      await opened.close();
    }
    const found = await exai(['audit', '--action', 'deploy.promote', '--json']);
    expect(found.code).toBe(0);
    const { records } = JSON.parse(found.stdout) as { records: Array<{ action: string; actor: string }> };
    expect(records).toEqual([expect.objectContaining({ action: 'deploy.promote', actor: 'pipeline' })]);
  });

  it('says when nothing matches, and refuses a malformed --since', async () => {
    const empty = await exai(['audit', '--tenant', 'nobody']);
    expect(empty.stdout).toContain('no audit records');
    const bad = await exai(['audit', '--since', 'yesterday']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--since expects an interval of at least 1s');
  });
});
