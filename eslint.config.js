import js from '@eslint/js';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

/** What each package may import from the workspace: dependencies point down only. */
const layers = {
  core: [],
  testkit: [],
  providers: ['@exai/core'],
  storage: ['@exai/core'],
  mcp: ['@exai/core'],
  server: ['@exai/core', '@exai/mcp'],
};
/** Packages that must never load the MCP SDK: a script calling a model pays only for what it uses. */
const mcpFreePackages = ['core', 'providers', 'storage'];
const workspacePackages = [
  '@exai/core',
  '@exai/mcp',
  '@exai/providers',
  '@exai/storage',
  '@exai/testkit',
  'exai',
  '@exai/server',
];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Lets import-x parse the TypeScript files it follows (no-cycle reads every module on a path).
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: 'packages/*/tsconfig.json',
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      'import-x/no-cycle': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  ...Object.entries(layers).map(([name, allowed]) => ({
    files: [`packages/${name}/src/**/*.ts`],
    ignores: ['**/*.test.ts', '**/*-test-helpers.ts', '**/test-support/**', '**/test-helpers/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: workspacePackages
            .filter((dependency) => !allowed.includes(dependency) && dependency !== `@exai/${name}`)
            .map((dependency) => ({
              name: dependency,
              message: `@exai/${name} may import only ${allowed.join(', ') || 'no workspace package'}: dependencies point down (docs/architecture.md).`,
            })),
          patterns: [
            ...workspacePackages
              .filter((dependency) => !allowed.includes(dependency) && dependency !== `@exai/${name}`)
              .map((dependency) => ({
                group: [`${dependency}/*`],
                message: `@exai/${name} must not import ${dependency}.`,
              })),
            ...(mcpFreePackages.includes(name)
              ? [
                  {
                    group: ['@modelcontextprotocol/sdk', '@modelcontextprotocol/sdk/*'],
                    message: `@exai/${name} must not load the MCP SDK; MCP code belongs in @exai/mcp (docs/architecture.md).`,
                  },
                ]
              : []),
          ],
        },
      ],
    },
  })),
  {
    // CLI colour goes through the command's context (createCliColors: NO_COLOR, FORCE_COLOR, TTY);
    // picocolors' default export decides from the process instead.
    files: ['packages/cli/src/**/*.ts'],
    ignores: ['packages/cli/src/output/cli-colors.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'picocolors',
              message:
                "Use context.colors (packages/cli/src/output/cli-colors.ts), which follows the command's env and stream.",
            },
          ],
        },
      ],
    },
  },
);
