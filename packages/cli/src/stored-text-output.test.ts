import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSessionStore } from '@exai/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCliColors } from './output/cli-colors.js';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

// Text a prompt, a program or an older exai could have stored: it clears the screen, makes a link,
// sets the window title, moves the cursor back over the line, reverses the text after it, and
// breaks a row of a table.
const hostile = {
  title: 'Fix\u001b[2J the \u001b]8;;https://evil.example\u0007cache\u001b]8;;\u0007\nsecond line',
  tenantId: 'legacy\u001b]0;owned\u0007',
  tenantName: 'Acme\u202etxt.exe',
  keyName: 'ci key\r\u001b[2Kadmin',
  auditTarget: '\u009b2Jtarget\u007f',
  model: 'kimi:\u001b[31mk2',
  question: 'Why?\u001b[8m hidden',
  answer: 'Line one\n\tindented\r\nline three \u001b]52;c;cGF5bG9hZA==\u0007 \u001b[1A\u001b[2K',
};
// Any C0 control but the line break, DEL, C1, and the bidirectional and invisible characters.
// eslint-disable-next-line no-control-regex
const raw = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b\u202a-\u202e\u2066-\u2069\ufeff]/;

/** A message keeps its tabs and line breaks (CRLF too): the text without them, to look for the rest. */
const bodyControls = (text: string) => text.replace(/\t|\r\n/g, '');

let directory: string;
let storePath: string;
let threadId: string;

function exai(argv: string[], colorEnv: Record<string, string> = { NO_COLOR: '1' }) {
  return runCliCaptured({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      EXAI_STORE: `sqlite:${storePath}`,
      ...colorEnv,
    },
    cwd: directory,
  });
}

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-stored-text-'));
  storePath = join(directory, 'exai.db');
  const store = await openSessionStore({ kind: 'sqlite', path: storePath });
  try {
    await store.createTenant({ id: 'acme', name: hostile.tenantName });
    const thread = await store.createThread({ tenantId: 'default', title: hostile.title });
    threadId = thread.id;
    await store.appendTurn({ tenantId: 'default', threadId, role: 'user', content: hostile.question });
    await store.appendTurn({
      tenantId: 'default',
      threadId,
      role: 'assistant',
      content: hostile.answer,
      model: hostile.model,
      toolName: 'chat',
    });
    await store.createApiKey({ tenantId: 'acme', name: hostile.keyName, prefix: 'exai_abc123', hash: 'h' });
    await store.appendAudit({
      tenantId: 'acme',
      actor: 'cli',
      action: 'api-key.revoke',
      target: hostile.auditTarget,
    });
  } finally {
    await store.close();
  }
  // A tenant created before tenant ids were checked: written the way an older exai could.
  const database = new Database(storePath);
  database
    .prepare('INSERT INTO tenants (id, name, created_at) VALUES (?, ?, ?)')
    .run(hostile.tenantId, 'legacy', Date.now());
  database.close();
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('stored text in tables and lines', () => {
  it('exai threads list shows a title on one row, its escape sequences escaped, and --json exact', async () => {
    const listed = await exai(['threads', 'list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).not.toMatch(raw);
    const [header, row, ...rest] = listed.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^ID\s+UPDATED\s+TURNS\s+TITLE$/);
    expect(rest).toEqual([]);
    // Cut to the column's 70 characters, as any title is.
    expect(row).toContain('  Fix\\u001b[2J the \\u001b]8;;https://evil.example\\u0007cache\\u001b]8;;');
    expect(row).toMatch(/…$/);

    const json = JSON.parse((await exai(['threads', 'list', '--json'])).stdout);
    expect(json.threads[0].title).toBe(hostile.title);
  });

  it('exai threads show escapes the title and model, and prints the messages with their line breaks and tabs only', async () => {
    const shown = await exai(['threads', 'show', threadId]);
    expect(shown.code).toBe(0);
    expect(bodyControls(shown.stdout)).not.toMatch(raw);
    expect(shown.stdout).toContain(
      'Fix\\u001b[2J the \\u001b]8;;https://evil.example\\u0007cache\\u001b]8;;\\u0007\\nsecond line\n',
    );
    expect(shown.stdout).toMatch(/2\. assistant · kimi:\\u001b\[31mk2 · via chat · /);
    expect(shown.stdout).toContain('Why?\\u001b[8m hidden');
    expect(shown.stdout).toContain(
      'Line one\n\tindented\r\nline three \\u001b]52;c;cGF5bG9hZA==\\u0007 \\u001b[1A\\u001b[2K',
    );

    const json = JSON.parse((await exai(['threads', 'show', threadId, '--json'])).stdout);
    expect(json.thread.title).toBe(hostile.title);
    expect(json.turns.map((turn: { content: string }) => turn.content)).toEqual([
      hostile.question,
      hostile.answer,
    ]);
    expect(json.turns[1].model).toBe(hostile.model);
  });

  it('keeps exai’s own colours around the escaped text', async () => {
    const pc = createCliColors({ env: { FORCE_COLOR: '1' }, stream: {} });
    const shown = await exai(['threads', 'show', threadId], { FORCE_COLOR: '1' });
    expect(shown.stdout).toContain(
      pc.bold(
        'Fix\\u001b[2J the \\u001b]8;;https://evil.example\\u0007cache\\u001b]8;;\\u0007\\nsecond line',
      ),
    );
    // The only escape sequences left are the colours exai adds (SGR: ESC [ … m).
    // eslint-disable-next-line no-control-regex
    expect(bodyControls(shown.stdout.replace(/\u001b\[[0-9;]*m/g, ''))).not.toMatch(raw);
    expect(shown.stdout).toContain('\u001b[36m── 1. user · ');
  });

  it('exai tenants list, keys list and audit escape tenant ids, names and targets, keeping columns aligned', async () => {
    const tenants = await exai(['tenants', 'list']);
    expect(tenants.code).toBe(0);
    expect(tenants.stdout).not.toMatch(raw);
    expect(tenants.stdout).toContain('Acme\\u202etxt.exe');
    const legacy = tenants.stdout.split('\n').find((line) => line.startsWith('legacy'));
    expect(legacy).toMatch(/^legacy\\u001b\]0;owned\\u0007 {2}legacy +0 +0 +0$/);
    // Widths are measured on the escaped id: every row's NAME column starts at the same place.
    const nameColumn = tenants.stdout.split('\n')[0]!.indexOf('NAME');
    expect(legacy!.indexOf('legacy', 1)).toBe(nameColumn);

    const keys = await exai(['keys', 'list']);
    expect(keys.code).toBe(0);
    expect(keys.stdout).not.toMatch(raw);
    expect(keys.stdout).toContain('ci key\\r\\u001b[2Kadmin');

    const audit = await exai(['audit', '--tenant', 'acme']);
    expect(audit.code).toBe(0);
    expect(audit.stdout).not.toMatch(raw);
    expect(audit.stdout).toContain('\\u009b2Jtarget\\u007f');
    const json = JSON.parse((await exai(['audit', '--tenant', 'acme', '--json'])).stdout);
    expect(json.records[0].target).toBe(hostile.auditTarget);
  });

  it('messages quoting a stored tenant id print it escaped', async () => {
    const deleted = await exai(['tenants', 'delete', hostile.tenantId]);
    expect(deleted.code).toBe(2);
    expect(deleted.stderr).not.toMatch(raw);
    expect(deleted.stderr).toContain('tenant legacy\\u001b]0;owned\\u0007');
  });
});
