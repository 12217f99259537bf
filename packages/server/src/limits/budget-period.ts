export type BudgetPeriod = 'daily' | 'monthly';

/** The period `now` falls in (UTC): its id (`2026-12-07`, `2026-12`) and when the next one starts. */
export function budgetPeriod(period: BudgetPeriod, now = new Date()): { id: string; renewsAt: Date } {
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth();
  if (period === 'daily') {
    const renewsAt = new Date(Date.UTC(year, month, now.getUTCDate() + 1));
    return { id: now.toISOString().slice(0, 10), renewsAt };
  }
  return { id: now.toISOString().slice(0, 7), renewsAt: new Date(Date.UTC(year, month + 1, 1)) };
}
