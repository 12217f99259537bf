import type { SessionStoreV1 } from '@exai/core';
import { formatTable } from '../output/format-table.js';
import type { CliContext } from './cli-context.js';
import { summarizeUsageBy, type UsageGrouping } from './usage-report.js';
import { withStoreOrEmpty } from './with-store.js';

export interface UsageOptions {
  by: UsageGrouping;
  /** Only records at or after this time. */
  from: Date | undefined;
  /** One tenant; default every tenant of the store (and `default`, the local one). */
  tenant: string | undefined;
  json: boolean;
}

/** The tenants to report: the one asked for, else every tenant of the store and the local one. */
async function tenantsOf(store: SessionStoreV1, tenant: string | undefined): Promise<string[]> {
  if (tenant !== undefined) return [tenant];
  const ids = new Set((await store.listTenants()).map((record) => record.id));
  ids.add('default');
  return [...ids].sort();
}

const dollars = (value: number): string => (value < 0.01 && value > 0 ? value.toFixed(6) : value.toFixed(2));

/** `exai usage`: calls, tokens and cost from the usage records of the store (`--store`/`EXAI_STORE`). */
export async function runUsage(context: CliContext, options: UsageOptions): Promise<void> {
  // A SQLite file that does not exist yet holds no usage: read as empty rather than created.
  await withStoreOrEmpty(context, async (store) => {
    const rows = await summarizeUsageBy(store, {
      tenantIds: await tenantsOf(store, options.tenant),
      from: options.from,
      by: options.by,
    });
    if (options.json) {
      context.stdout.write(
        `${JSON.stringify({ by: options.by, since: options.from?.toISOString() ?? null, rows }, null, 2)}\n`,
      );
      return;
    }
    if (rows.length === 0) {
      context.stdout.write(
        `No usage recorded${options.from === undefined ? '' : ` since ${options.from.toISOString().slice(0, 16)}Z`}.\n`,
      );
      return;
    }
    const total = rows.reduce(
      (sum, row) => ({
        calls: sum.calls + row.calls,
        errors: sum.errors + row.errors,
        inputTokens: sum.inputTokens + row.inputTokens,
        outputTokens: sum.outputTokens + row.outputTokens,
        costInUsd: sum.costInUsd + row.costInUsd,
        unpriced: sum.unpriced + row.unpriced,
      }),
      { calls: 0, errors: 0, inputTokens: 0, outputTokens: 0, costInUsd: 0, unpriced: 0 },
    );
    const line = (key: string, row: typeof total) => [
      key,
      String(row.calls),
      String(row.errors),
      String(row.inputTokens),
      String(row.outputTokens),
      `${dollars(row.costInUsd)}${row.unpriced > 0 ? ` (+${row.unpriced} unpriced)` : ''}`,
    ];
    const table = formatTable([
      [options.by.toUpperCase(), 'CALLS', 'ERRORS', 'TOKENS IN', 'TOKENS OUT', 'COST USD'],
      ...rows.map((row) => line(row.key, row)),
      line('total', total),
    ]);
    context.stdout.write(`${table}\n`);
  });
}
