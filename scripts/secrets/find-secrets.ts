/** A string shaped like a credential, found in a file. */
export interface SecretFinding {
  path: string;
  line: number;
  kind: string;
  /** The match with its middle masked, so the report does not repeat a real secret. */
  excerpt: string;
}

/** Credential shapes: provider API keys, cloud keys, tokens and private keys. */
export const secretPatterns: ReadonlyArray<{ kind: string; pattern: RegExp }> = [
  { kind: 'OpenAI/Anthropic-style API key', pattern: /\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}/g },
  { kind: 'AWS access key id', pattern: /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g },
  { kind: 'private key block', pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY(?: BLOCK)?-----/g },
  { kind: 'JWT', pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}/g },
  { kind: 'GitHub token', pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{50,})/g },
  { kind: 'Slack token', pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/g },
  { kind: 'Google API key', pattern: /\bAIza[A-Za-z0-9_-]{35}/g },
];

const mask = (text: string) => (text.length <= 12 ? '****' : `${text.slice(0, 6)}…${text.slice(-2)}`);

export interface FindSecretsOptions {
  path: string;
  text: string;
}

/** Every credential-shaped string in one file's text, with its line number. */
export function findSecrets({ path, text }: FindSecretsOptions): SecretFinding[] {
  const findings: SecretFinding[] = [];
  text.split('\n').forEach((lineText, index) => {
    for (const { kind, pattern } of secretPatterns) {
      for (const match of lineText.matchAll(pattern)) {
        findings.push({ path, line: index + 1, kind, excerpt: mask(match[0]) });
      }
    }
  });
  return findings;
}
