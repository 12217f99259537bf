import { MissingApiKeyError, NoSuchModelError } from '@exai/core';
import { describe, expect, it } from 'vitest';
import { toolErrorResult } from './tool-error-result.js';

describe('toolErrorResult', () => {
  it('tells an MCP user which variables to set for a missing key, not the library option', () => {
    const result = toolErrorResult(
      new MissingApiKeyError({ provider: 'glm', option: 'apiKey', environmentVariables: ['GLM_API_KEY'] }),
    );
    const text = (result.content[0] as { text: string }).text;
    expect(text).toBe(
      'missing_api_key: No API key for provider glm. Set the environment variable GLM_API_KEY, or name the ' +
        'variable that holds it with `apiKeyEnv` for glm in exai.config.json.',
    );
    expect(text).not.toContain('option');
  });

  it('points an MCP user at the listmodels tool for an unknown model, not at the exai CLI', () => {
    const result = toolErrorResult(new NoSuchModelError({ modelId: 'kimi-k3' }));
    const text = (result.content[0] as { text: string }).text;
    expect(text).toBe(
      'no_such_model: Unknown model "kimi-k3". Use a model a configured provider lists, or write it as ' +
        'provider:model. The listmodels tool lists the models you can use.',
    );
    expect(text).not.toContain('exai models');
  });
});
