import type pg from 'pg';

/** One node of `EXPLAIN (FORMAT JSON)` output. */
export interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** The plan PostgreSQL picks for `text` with these parameter values. */
export async function explainPlan(pool: pg.Pool, text: string, values: unknown[]): Promise<PlanNode> {
  const result = await pool.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
    `explain (format json) ${text}`,
    values,
  );
  return result.rows[0]!['QUERY PLAN'][0].Plan;
}

/** Every node of the plan, depth first. */
export function planNodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(planNodes)];
}

/** `Node Type on relation using index` for each node that reads a table or an index. */
export function describeScans(plan: PlanNode): string[] {
  return planNodes(plan)
    .filter((node) => node['Relation Name'] !== undefined || node['Index Name'] !== undefined)
    .map((node) =>
      [
        node['Node Type'],
        node['Relation Name'] && `on ${node['Relation Name']}`,
        node['Index Name'] && `using ${node['Index Name']}`,
      ]
        .filter(Boolean)
        .join(' '),
    );
}
