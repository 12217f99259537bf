/** The providers exai builds in; each can be tuned or disabled under `providers` in the configuration. */
export const BUILTIN_PROVIDER_IDS = ['kimi', 'glm', 'openai', 'openrouter', 'ollama'] as const;
export type BuiltinProviderId = (typeof BUILTIN_PROVIDER_IDS)[number];
