import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtinModels, estimateCostInUsd, findModelInfo } from '@exai/core';
import { openSessionStore } from '@exai/storage';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let directory: string;
let storePath: string;
const kimi = 'kimi:kimi-k2-0905-preview';

/** Runs `exai` on `storeFile`, or with `null` on the default store (in an empty data directory). */
function exai(argv: string[], storeFile: string | null = storePath) {
  return runCliCaptured({
    argv,
    env: {
      HOME: directory,
      XDG_CONFIG_HOME: join(directory, 'config'),
      XDG_DATA_HOME: join(directory, 'data'),
      NO_COLOR: '1',
      ...(storeFile !== null && { EXAI_STORE: `sqlite:${storeFile}` }),
    },
    cwd: directory,
    input: '',
  });
}

/** Usage as `exai serve` leaves it: a chat thread of tenant default, a review of tenant acme, one old call. */
beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'exai-usage-'));
  storePath = join(directory, 'exai.db');
  const store = await openSessionStore({ kind: 'sqlite', path: storePath });
  try {
    if (!(await store.getTenant('default'))) await store.createTenant({ id: 'default' });
    await store.createTenant({ id: 'acme' });
    const chat = await store.createThread({ tenantId: 'default', metadata: { tool: 'chat' } });
    const review = await store.createThread({ tenantId: 'acme', metadata: { tool: 'codereview' } });
    const record = (tenantId: string, threadId: string, extra: object) =>
      store.recordUsage({
        tenantId,
        threadId,
        model: kimi,
        latencyInMs: 10,
        status: 'ok',
        ...extra,
      } as never);
    await record('default', chat.id, { inputTokens: 1000, outputTokens: 100, costInUsd: 0.5 });
    // No cost recorded: priced from the catalogue.
    await record('default', chat.id, { inputTokens: 2000, outputTokens: 200 });
    // A call that failed upstream (a timeout) before any token was reported: an error costing 0.
    await record('default', chat.id, {
      inputTokens: 0,
      outputTokens: 0,
      status: 'error',
      errorCode: 'timeout',
    });
    await record('acme', review.id, { inputTokens: 10, outputTokens: 0, costInUsd: 0.25, status: 'error' });
    await record('acme', review.id, {
      inputTokens: 5,
      outputTokens: 5,
      costInUsd: 1,
      createdAt: new Date(Date.now() - 30 * 86_400_000),
    });
  } finally {
    await store.close();
  }
});
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('exai usage', () => {
  const catalogueCost = estimateCostInUsd(findModelInfo(builtinModels('kimi'), 'kimi-k2-0905-preview'), {
    inputTokens: 2000,
    outputTokens: 200,
  })!;

  it('sums calls, tokens and cost by model, pricing records without a cost from the catalogue', async () => {
    const { code, stdout } = await exai(['usage', '--json']);
    expect(code).toBe(0);
    const { rows } = JSON.parse(stdout) as { rows: Array<Record<string, unknown>> };
    expect(rows).toEqual([
      {
        key: kimi,
        calls: 5,
        errors: 2,
        inputTokens: 3015,
        outputTokens: 305,
        costInUsd: expect.closeTo(1.75 + catalogueCost, 9),
        unpriced: 0,
      },
    ]);
    expect(catalogueCost).toBeGreaterThan(0);
  });

  it('groups by tenant, tool or day, and --since leaves older records out', async () => {
    const byTenant = JSON.parse((await exai(['usage', '--by', 'tenant', '--since', '7d', '--json'])).stdout);
    expect(byTenant.rows.map((row: { key: string; calls: number }) => [row.key, row.calls])).toEqual([
      ['default', 3],
      ['acme', 1],
    ]);
    const byTool = JSON.parse((await exai(['usage', '--by', 'tool', '--json'])).stdout);
    expect(byTool.rows.map((row: { key: string }) => row.key).sort()).toEqual(['chat', 'codereview']);
    const acme = JSON.parse((await exai(['usage', '--by', 'day', '--tenant', 'acme', '--json'])).stdout);
    expect(acme.rows).toHaveLength(2);
    expect(acme.rows[0].key < acme.rows[1].key).toBe(true);
  });

  it('prints a table with a total row', async () => {
    const { code, stdout } = await exai(['usage', '--by', 'tenant']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^TENANT\s+CALLS\s+ERRORS\s+TOKENS IN\s+TOKENS OUT\s+COST USD\n/);
    expect(stdout).toMatch(/\ntotal\s+5\s+2\s+3015\s+305\s+\d+\.\d\d\n$/);
  });

  it('reads a default store that does not exist yet as empty, refuses a named one, and an unknown grouping', async () => {
    const empty = await exai(['usage'], null);
    expect(empty).toMatchObject({ code: 0, stdout: 'No usage recorded.\n' });
    expect(existsSync(join(directory, 'data'))).toBe(false);
    const typo = await exai(['usage'], join(directory, 'none.db'));
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain(
      `the SQLite store ${join(directory, 'none.db')} given by EXAI_STORE does not exist`,
    );
    expect(existsSync(join(directory, 'none.db'))).toBe(false);
    const wrong = await exai(['usage', '--by', 'thread']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('--by expects one of model, tenant, tool, day, got "thread"');
  });
});
