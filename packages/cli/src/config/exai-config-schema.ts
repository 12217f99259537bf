import { z } from 'zod';
import { BUILTIN_PROVIDER_IDS } from './builtin-provider-ids.js';
import { clinkConfigSchema } from './clink-config-schema.js';
import { retentionConfigSchema } from './retention-config.js';
import { limitsConfigSchema } from './limits-config-schema.js';
import { authConfigSchema } from './auth-config-schema.js';
import { cacheConfigSchema } from './cache-config-schema.js';

export { BUILTIN_PROVIDER_IDS, type BuiltinProviderId } from './builtin-provider-ids.js';

const httpUrl = z.string().refine((value) => /^https?:\/\/[^\s]+$/.test(value), {
  message: 'expected an http(s) URL such as https://api.example.com/v1',
});

const positiveInt = z.number().int().positive();

const headers = z.record(z.string(), z.string());

const capabilities = z.strictObject({
  thinking: z.boolean().default(false),
  vision: z.boolean().default(false),
  tools: z.boolean().default(false),
  webSearch: z.boolean().optional(),
  jsonMode: z.boolean().optional(),
});

/** A model declared in the configuration (for custom endpoints, or to add to a builtin provider). */
export const configModelSchema = z.strictObject({
  id: z.string().min(1),
  aliases: z.array(z.string().min(1)).optional(),
  description: z.string().optional(),
  contextWindow: positiveInt.default(32_768),
  maxOutputTokens: positiveInt.default(8_192),
  capabilities: capabilities.default({ thinking: false, vision: false, tools: false }),
  temperature: z
    .strictObject({
      min: z.number().optional(),
      max: z.number().optional(),
      default: z.number().optional(),
      fixed: z.number().optional(),
      unsupported: z.boolean().optional(),
    })
    .optional(),
  pricing: z
    .strictObject({
      inputPerMillion: z.number().nonnegative(),
      outputPerMillion: z.number().nonnegative(),
      cachedInputPerMillion: z.number().nonnegative().optional(),
    })
    .optional(),
  rank: z.number().min(0).max(100).optional(),
});

const connectionFields = {
  /** Turn a configured provider off without deleting its settings. */
  enabled: z.boolean().default(true),
  baseURL: httpUrl.optional(),
  /** A key in the file itself. Prefer `apiKeyEnv`: files get committed. */
  apiKey: z.string().min(1).optional(),
  /** The environment variable holding the key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name')
    .optional(),
  headers: headers.optional(),
  /** Most requests in flight to this provider at once. */
  maxConcurrent: positiveInt.optional(),
  /** Requests waiting for a slot before calls fail as over capacity. */
  maxQueue: z.number().int().nonnegative().optional(),
  /** Extra models, merged over the builtin catalogue. */
  models: z.array(configModelSchema).optional(),
};

export const builtinProviderConfigSchema = z.strictObject(connectionFields);

export const customEndpointConfigSchema = z.strictObject({
  ...connectionFields,
  baseURL: httpUrl,
  /** Whether calls need a key (false for local servers such as vLLM or LM Studio). */
  requiresApiKey: z.boolean().default(true),
});

const timeoutsSchema = z.strictObject({
  connectInMs: positiveInt.optional(),
  firstByteInMs: positiveInt.optional(),
  idleInMs: positiveInt.optional(),
  totalInMs: positiveInt.optional(),
});

export const exaiConfigSchema = z.strictObject({
  $schema: z.string().optional(),
  /** How `exai serve --http` authenticates (see auth-config-schema.ts). */
  auth: authConfigSchema.optional(),
  /** What an omitted model resolves to (default `auto`, which picks the best-ranked usable model). */
  defaultModel: z.string().min(1).optional(),
  providers: z
    .strictObject({
      kimi: builtinProviderConfigSchema.optional(),
      glm: builtinProviderConfigSchema.optional(),
      openai: builtinProviderConfigSchema.optional(),
      openrouter: builtinProviderConfigSchema.optional(),
      ollama: builtinProviderConfigSchema.optional(),
    })
    .default({}),
  /** Any number of named OpenAI-compatible endpoints; the name becomes the provider id. */
  endpoints: z
    .record(
      z.string().regex(/^[a-z][a-z0-9-]*$/, 'endpoint names are lower-case letters, digits and dashes'),
      customEndpointConfigSchema,
    )
    .default({})
    .superRefine((endpoints, context) => {
      for (const [name, endpoint] of Object.entries(endpoints)) {
        if ((BUILTIN_PROVIDER_IDS as readonly string[]).includes(name)) {
          context.addIssue({
            code: 'custom',
            path: [name],
            message: `"${name}" is a builtin provider; configure it under providers.${name}, or pick another endpoint name`,
          });
        }
        if (endpoint.requiresApiKey && !endpoint.apiKey && !endpoint.apiKeyEnv) {
          context.addIssue({
            code: 'custom',
            path: [name, 'apiKeyEnv'],
            message:
              'the endpoint requires a key but none is configured; set apiKeyEnv to the variable holding it, or requiresApiKey: false for a local server',
          });
        }
      }
    }),
  /** Model spec → ordered fallbacks; `*` is the chain for every model. */
  fallbacks: z.record(z.string(), z.array(z.string().min(1))).default({}),
  allow: z
    .array(z.string().trim().min(1, 'an empty pattern; remove it, or write a model pattern such as kimi:*'))
    .optional(),
  deny: z
    .array(z.string().trim().min(1, 'an empty pattern; remove it, or write a model pattern such as kimi:*'))
    .optional(),
  /** Settings per tool, by tool name: `{ "codereview": { "model": "glm-4.6" } }`. */
  tools: z.record(z.string(), z.strictObject({ model: z.string().min(1).optional() })).optional(),
  /** The user's locale (BCP 47, e.g. `fr-FR`): models are asked to answer in its language. */
  locale: z.string().min(1).optional(),
  /** Command-line agents the `clink` tool may run; see docs/configuration.md. */
  clink: clinkConfigSchema.optional(),
  /** The least severe log entries written to stderr by `exai serve` (`EXAI_LOG_LEVEL` wins). */
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),
  /** `/metrics` of `exai serve --http`; see docs/observability.md. */
  metrics: z
    .strictObject({
      /** Serve `/metrics` at all. Default true. */
      enabled: z.boolean().optional(),
      /** Serve `/metrics` without authentication (a trusted scrape network only). Default false. */
      public: z.boolean().optional(),
    })
    .optional(),
  /** `/dashboard` of `exai serve --http`; see docs/dashboard.md. */
  dashboard: z
    .strictObject({
      /** Serve `/dashboard` (and keep the samples it shows) at all. Default true. */
      enabled: z.boolean().optional(),
    })
    .optional(),
  /** Limits on conversations (threads) kept by `exai serve`; see docs/configuration.md. */
  conversations: z
    .strictObject({
      /** Most messages one thread may hold (a call adds two). */
      maxTurns: positiveInt.optional(),
      /** Minutes a thread lives after its latest message. */
      ttlInMinutes: positiveInt.optional(),
      /** Results longer than this many tokens are returned in pages. */
      maxResultTokens: z.number().int().min(1000).optional(),
      /** Most bytes of text one model answer may take; past it the answer is cut off. */
      maxAnswerBytes: z.number().int().min(1024).optional(),
    })
    .optional(),
  /** How long threads, usage and audit records are kept; see docs/tenants.md. */
  retention: retentionConfigSchema,
  /** Per-tenant limits and budgets of `exai serve --http`; see docs/limits.md. */
  limits: limitsConfigSchema.optional(),
  /** The opt-in response cache of idempotent tools; see docs/caching.md. */
  cache: cacheConfigSchema,
  transport: z
    .strictObject({
      timeouts: timeoutsSchema.optional(),
      retry: z
        .strictObject({
          maxRetries: z.number().int().nonnegative().optional(),
          baseDelayInMs: z.number().nonnegative().optional(),
          maxDelayInMs: z.number().nonnegative().optional(),
          budgetInMs: z.number().nonnegative().optional(),
        })
        .optional(),
      breaker: z
        .strictObject({
          errorThresholdPercentage: z.number().min(1).max(100).optional(),
          volumeThreshold: z.number().int().nonnegative().optional(),
          rollingWindowInMs: positiveInt.optional(),
          resetTimeoutInMs: positiveInt.optional(),
        })
        .optional(),
      connectionsPerOrigin: positiveInt.optional(),
      /**
       * Let endpoint URLs reach link-local and cloud metadata addresses (refused by default, as
       * server-side request forgery protection); also EXAI_ALLOW_LINK_LOCAL_ADDRESSES=1.
       */
      allowLinkLocalAddresses: z.boolean().optional(),
    })
    .optional(),
});

export type ExaiConfig = z.output<typeof exaiConfigSchema>;
export type ExaiConfigInput = z.input<typeof exaiConfigSchema>;
export type BuiltinProviderConfig = z.output<typeof builtinProviderConfigSchema>;
export type CustomEndpointConfig = z.output<typeof customEndpointConfigSchema>;
export type ConfigModel = z.output<typeof configModelSchema>;
