import type { ModelInfo } from '@exai/core';
import type { ProviderStatus } from '../config/create-providers-from-config.js';
import { formatTable } from '../output/format-table.js';
import { printableLine } from '../output/printable-text.js';
import type { CliContext } from './cli-context.js';

/** Token counts as people quote them: 262,144 → 256K, 128,000 → 128K, 1,047,576 → 1M. */
function formatContext(tokens: number): string {
  if (tokens >= 1_000_000) return `${Math.round(tokens / 100_000) / 10}M`;
  if (tokens >= 1000 && tokens % 1000 === 0) return `${tokens / 1000}K`;
  if (tokens >= 1024 && tokens % 1024 === 0) return `${tokens / 1024}K`;
  if (tokens >= 1000) return `${Math.round(tokens / 1000)}K`;
  return String(tokens);
}

function flags(model: ModelInfo): string {
  const { capabilities } = model;
  return (
    [
      capabilities.thinking && 'thinking',
      capabilities.vision && 'vision',
      capabilities.tools && 'tools',
      capabilities.webSearch && 'web-search',
    ]
      .filter(Boolean)
      .join(',') || '-'
  );
}

function price(model: ModelInfo): string {
  return model.pricing ? `$${model.pricing.inputPerMillion}/$${model.pricing.outputPerMillion}` : '-';
}

function keyText(status: ProviderStatus): string {
  if (status.apiKey === 'not-required') return 'no key needed';
  if (status.apiKey === 'set') return `key from ${status.apiKeySource ?? 'config'}`;
  return `no key: set ${status.apiKeyEnvironmentVariables.join(' or ')}`;
}

/** Runs `exai models`: the configured providers and their models, as a table or JSON. */
export async function runModels(context: CliContext, options: { json?: boolean }): Promise<void> {
  const runtime = await context.runtime();
  for (const warning of runtime.warnings) context.stderr.write(`exai: warning: ${warning}\n`);
  try {
    const models = runtime.registry.listModels();
    if (options.json) {
      const providers = runtime.providers.map((status) => ({
        ...status,
        models: models.filter((model) => model.provider === status.id),
      }));
      context.stdout.write(`${JSON.stringify({ providers }, null, 2)}\n`);
      return;
    }
    const sections: string[] = [];
    for (const status of runtime.providers) {
      const own = models.filter((model) => model.provider === status.id);
      const header = printableLine(`${status.id} (${status.baseURL}) — ${keyText(status)}`);
      const rows = own.map((model) => [
        `${status.id}:${model.id}`,
        (model.aliases ?? []).join(',') || '-',
        formatContext(model.contextWindow),
        formatContext(model.maxOutputTokens),
        flags(model),
        price(model),
      ]);
      const table =
        rows.length > 0
          ? formatTable([['MODEL', 'ALIASES', 'CONTEXT', 'MAX OUT', 'CAPABILITIES', '$/M IN/OUT'], ...rows])
          : '(no models listed: any model id is passed through, e.g. ' + `${status.id}:<model>)`;
      sections.push(`${header}\n${table}`);
    }
    context.stdout.write(`${sections.join('\n\n')}\n`);
  } finally {
    await runtime.close();
  }
}
