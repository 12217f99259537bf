/** A budget for one period, in tokens, in US dollars (priced from the model catalogue), or both. */
export interface BudgetSettings {
  tokens?: number | undefined;
  usd?: number | undefined;
}

/**
 * The limits of one tenant or one API key. An unset (or `null`) field is unlimited.
 * - `requestsPerMinute`: HTTP requests to the MCP endpoint (answered 429 past it);
 * - `tokensPerMinute`: model tokens (input + output) per minute, reserved before each model call;
 * - `concurrentCalls`: model calls in flight at once;
 * - `dailyBudget` / `monthlyBudget`: tokens or dollars per UTC day / calendar month.
 */
export interface LimitSettings {
  requestsPerMinute?: number | null | undefined;
  tokensPerMinute?: number | null | undefined;
  concurrentCalls?: number | null | undefined;
  dailyBudget?: BudgetSettings | null | undefined;
  monthlyBudget?: BudgetSettings | null | undefined;
}

/** Limits for every tenant, overrides per tenant, and extra limits per API key. */
export interface TenantLimitsSettings {
  /** Applied to every tenant. */
  defaults?: LimitSettings | undefined;
  /** Per tenant id: fields set here replace the defaults' (`null` lifts one). */
  tenants?: Record<string, LimitSettings & { keys?: Record<string, LimitSettings> | undefined }> | undefined;
}

/** The limits that hold for one caller: its tenant's, and its key's on top when it has any. */
export interface CallerLimits {
  tenant: LimitSettings;
  key: LimitSettings | undefined;
}

export function limitsFor(
  settings: TenantLimitsSettings,
  caller: { tenantId: string; keyId?: string | undefined },
): CallerLimits {
  const { keys, ...override } = settings.tenants?.[caller.tenantId] ?? {};
  const tenant: LimitSettings = { ...settings.defaults, ...override };
  const key = caller.keyId === undefined ? undefined : keys?.[caller.keyId];
  return { tenant, key };
}

/** Whether any limit is set at all (a daemon without limits skips the machinery). */
export function hasAnyLimit(settings: TenantLimitsSettings): boolean {
  const any = (limits: LimitSettings | undefined) =>
    limits !== undefined && Object.values(limits).some((value) => value !== undefined && value !== null);
  return (
    any(settings.defaults) ||
    Object.values(settings.tenants ?? {}).some(
      ({ keys, ...tenant }) => any(tenant) || Object.values(keys ?? {}).some(any),
    )
  );
}
