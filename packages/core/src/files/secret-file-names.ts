/**
 * File names that usually hold credentials. exai never reads them, wherever they are, so a
 * prompt cannot carry them to a model. Matched on the file name alone, without case:
 *
 * | names | why |
 * | --- | --- |
 * | `.env`, `.env.*`, `*.env`, `.envrc` (but not `.env.example`, `.env.sample`, `.env.template`, `.env.dist`) | environment files with API keys and passwords |
 * | `*.pem`, `*.key`, `*.p12`, `*.pfx`, `*.jks`, `*.keystore`, `*.ppk` | private keys and key stores |
 * | `id_rsa*`, `id_dsa*`, `id_ecdsa*`, `id_ed25519*` (but not `*.pub`) | SSH private keys |
 * | `.netrc`, `_netrc`, `.git-credentials`, `.pgpass`, `.htpasswd` | stored passwords |
 * | `.npmrc`, `.pypirc`, `.dockercfg` | package registry tokens (refused by name, with or without a token in them) |
 * | `*.kdbx` | password manager databases |
 */
const secretFileRules: ReadonlyArray<{ matches: (name: string) => boolean; description: string }> = [
  {
    matches: (name) =>
      (name === '.env' || name === '.envrc' || name.startsWith('.env.') || name.endsWith('.env')) &&
      !/^\.env\.(example|sample|template|dist)$/.test(name),
    description: 'an environment file, which usually holds API keys and passwords',
  },
  {
    matches: (name) => /\.(pem|key|p12|pfx|jks|keystore|ppk)$/.test(name),
    description: 'a private key or key store',
  },
  {
    matches: (name) => /^id_(rsa|dsa|ecdsa|ed25519)/.test(name) && !name.endsWith('.pub'),
    description: 'an SSH private key',
  },
  {
    matches: (name) => ['.netrc', '_netrc', '.git-credentials', '.pgpass', '.htpasswd'].includes(name),
    description: 'a file of stored passwords',
  },
  {
    matches: (name) => ['.npmrc', '.pypirc', '.dockercfg'].includes(name),
    description: 'a package registry configuration, which often holds an access token',
  },
  { matches: (name) => name.endsWith('.kdbx'), description: 'a password manager database' },
];

/** Why a file name is secret-bearing, or undefined when it is not. */
export function describeSecretFileName(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  return secretFileRules.find((rule) => rule.matches(name))?.description;
}
