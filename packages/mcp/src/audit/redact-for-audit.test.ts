import { describe, expect, it } from 'vitest';
import { MAX_KEPT_STRING, looksSecret, redactForAudit, redactSecrets } from './redact-for-audit.js';

const apiKey = 'exai_k7Q2mZ9xV4pL8sT1wR6yB3nD5fH0jK2c';
const providerKey = 'sk-proj-Zr8Tq2Lm5Vx9Nb4Kc7Hd1Jf6Gs3Pw0Ye';
const jwt =
  'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwidGVuYW50IjoiYWNtZSJ9.c2lnbmF0dXJlLXBhcnQtaGVyZQ';

// The detail of records exai composes (administrative actions). Tool arguments go through the
// stricter redactToolArguments (redact-tool-arguments.test.ts), which keeps no short text either.
describe('redactForAudit', () => {
  it('keeps short values: names, paths, ids, switches', () => {
    expect(
      redactForAudit({
        model: 'kimi-k2',
        files: ['src/a.ts', 'src/b.ts'],
        continuation_id: '6f1c2d9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
        thinking: true,
        temperature: 0.2,
      }),
    ).toEqual({
      model: 'kimi-k2',
      files: ['src/a.ts', 'src/b.ts'],
      continuation_id: '6f1c2d9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
      thinking: true,
      temperature: 0.2,
    });
  });

  it('replaces long text by its length', () => {
    const prompt = 'Review this function:\n' + 'const x = 1;\n'.repeat(40);
    expect(redactForAudit({ prompt })).toEqual({ prompt: `[${prompt.length} characters]` });
    expect(redactForAudit({ step: 'a'.repeat(MAX_KEPT_STRING) })).toEqual({
      step: 'a'.repeat(MAX_KEPT_STRING),
    });
  });

  it('redacts values under secret-sounding keys, at any depth', () => {
    expect(
      redactForAudit({
        headers: { Authorization: 'x', 'X-Api-Key': 'short' },
        options: { password: 'hunter2' },
      }),
    ).toEqual({
      headers: { Authorization: '[redacted]', 'X-Api-Key': '[redacted]' },
      options: { password: '[redacted]' },
    });
  });

  it('redacts credential-looking strings under any key, even short ones', () => {
    for (const secret of [apiKey, providerKey, jwt, `Bearer ${apiKey}`]) {
      expect(redactForAudit({ prompt: secret })).toEqual({ prompt: '[redacted]' });
      expect(JSON.stringify(redactForAudit({ list: [secret] }))).not.toContain(secret.slice(-20));
    }
  });

  it('cuts deep nesting and long arrays, and says so', () => {
    expect(redactForAudit({ a: { b: { c: { d: { e: 1 } } } } })).toEqual({
      a: { b: { c: { d: '[nested too deep]' } } },
    });
    const files = Array.from({ length: 25 }, (_, index) => `f${index}.ts`);
    const kept = redactForAudit({ files }) as { files: string[] };
    expect(kept.files).toHaveLength(21);
    expect(kept.files.at(-1)).toBe('[5 more]');
  });
});

describe('redactSecrets', () => {
  it('removes every credential from a line and keeps the rest', () => {
    const line = `request failed: Authorization: Bearer ${apiKey}; key ${providerKey}; token ${jwt}`;
    const redacted = redactSecrets(line);
    for (const secret of [apiKey, providerKey, jwt]) expect(redacted).not.toContain(secret);
    expect(redacted).toContain('request failed');
  });

  it('leaves ordinary text, ids and paths alone', () => {
    for (const text of [
      'src/model-turn/run-model-turn.ts',
      'kimi:kimi-k2-0905-preview',
      '6f1c2d9e-1b2a-4c3d-8e9f-0a1b2c3d4e5f',
    ]) {
      expect(looksSecret(text)).toBe(false);
      expect(redactSecrets(text)).toBe(text);
    }
  });
});
