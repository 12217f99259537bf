import { describe, expect, it } from 'vitest';
import { configReadiness } from './config-readiness.js';

describe('configReadiness', () => {
  it('lists the providers with a key set and those needing none, never one missing its key', () => {
    expect(
      configReadiness([
        { id: 'kimi', baseURL: 'https://kimi.example/v1', apiKey: 'set' },
        { id: 'glm', baseURL: 'https://glm.example/v1', apiKey: 'missing' },
        { id: 'ollama', baseURL: 'http://127.0.0.1:11434/v1', apiKey: 'not-required' },
      ]),
    ).toEqual({ status: 'loaded', providers: ['kimi'], keyless: ['ollama'] });
    expect(configReadiness([])).toEqual({ status: 'loaded', providers: [], keyless: [] });
  });
});
