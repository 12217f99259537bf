/** Where a builtin provider connects by default, and which environment variables it reads. */
export interface BuiltinConnection {
  provider: string;
  defaultBaseURL: string;
  /** Overrides the base URL when set (read at call time). */
  baseURLEnvironmentVariable?: string;
  /** Read in order, first non-empty wins (at call time). */
  apiKeyEnvironmentVariables: readonly string[];
  requiresApiKey: boolean;
}

export const builtinConnections = {
  kimi: {
    provider: 'kimi',
    defaultBaseURL: 'https://api.moonshot.ai/v1',
    baseURLEnvironmentVariable: 'KIMI_BASE_URL',
    apiKeyEnvironmentVariables: ['KIMI_API_KEY', 'MOONSHOT_API_KEY'],
    requiresApiKey: true,
  },
  glm: {
    provider: 'glm',
    defaultBaseURL: 'https://api.z.ai/api/paas/v4',
    baseURLEnvironmentVariable: 'GLM_BASE_URL',
    apiKeyEnvironmentVariables: ['GLM_API_KEY', 'ZHIPUAI_API_KEY'],
    requiresApiKey: true,
  },
  openai: {
    provider: 'openai',
    defaultBaseURL: 'https://api.openai.com/v1',
    baseURLEnvironmentVariable: 'OPENAI_BASE_URL',
    apiKeyEnvironmentVariables: ['OPENAI_API_KEY'],
    requiresApiKey: true,
  },
  openrouter: {
    provider: 'openrouter',
    defaultBaseURL: 'https://openrouter.ai/api/v1',
    baseURLEnvironmentVariable: 'OPENROUTER_BASE_URL',
    apiKeyEnvironmentVariables: ['OPENROUTER_API_KEY'],
    requiresApiKey: true,
  },
  ollama: {
    provider: 'ollama',
    defaultBaseURL: 'http://127.0.0.1:11434/v1',
    baseURLEnvironmentVariable: 'OLLAMA_BASE_URL',
    apiKeyEnvironmentVariables: [],
    requiresApiKey: false,
  },
} as const satisfies Record<string, BuiltinConnection>;
