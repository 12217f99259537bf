import { z } from 'zod';

const positiveInt = z.number().int().positive();

const budget = z
  .strictObject({
    /** Model tokens (input + output) per period. */
    tokens: positiveInt.optional(),
    /** US dollars per period, priced from the model catalogue (models without a price count 0). */
    usd: z.number().positive().optional(),
  })
  .refine((value) => value.tokens !== undefined || value.usd !== undefined, {
    message: 'a budget needs tokens, usd or both, e.g. { "tokens": 2000000 }',
  });

/** One tenant's or key's limits; `null` lifts a limit set by the defaults. */
export const limitSettingsSchema = z.strictObject({
  /** HTTP requests per minute to the MCP endpoint (429 past it). */
  requestsPerMinute: positiveInt.nullable().optional(),
  /** Model tokens (input + output) per minute, reserved before each model call. */
  tokensPerMinute: positiveInt.nullable().optional(),
  /** Model calls in flight at once. */
  concurrentCalls: positiveInt.nullable().optional(),
  /** Per UTC day. */
  dailyBudget: budget.nullable().optional(),
  /** Per calendar month (UTC). */
  monthlyBudget: budget.nullable().optional(),
});

/** `limits` in exai.config.json: see docs/limits.md. */
export const limitsConfigSchema = z.strictObject({
  /** Every tenant's limits. */
  defaults: limitSettingsSchema.optional(),
  /** Per tenant id: overrides of the defaults, and `keys` (per API key id) with limits of their own. */
  tenants: z
    .record(
      z.string().min(1),
      limitSettingsSchema.extend({ keys: z.record(z.string().min(1), limitSettingsSchema).optional() }),
    )
    .optional(),
  redis: z
    .strictObject({
      /**
       * While Redis (`EXAI_REDIS_URL`) cannot be reached: refuse calls (`fail-closed`, the default)
       * or count per replica (`local`).
       */
      onUnavailable: z.enum(['fail-closed', 'local']).optional(),
    })
    .optional(),
});

export type LimitsConfig = z.output<typeof limitsConfigSchema>;
