import { ExaiError, type ProviderRegistry } from '@exai/core';
import type { ExaiConfig } from '../config/exai-config-schema.js';
import { errorMessage, type DoctorCheck } from './doctor-check.js';

/**
 * Every model the configuration names as a default — `defaultModel` and each
 * `tools.<name>.model` — resolves to a model exai knows and may use; a misspelling fails here,
 * naming the file and the key, instead of at the first call.
 */
export function checkConfiguredModels({
  config,
  configSource,
  registry,
}: {
  config: ExaiConfig;
  configSource: string | undefined;
  registry: Pick<ProviderRegistry, 'resolve'>;
}): DoctorCheck[] {
  const where = configSource ?? 'the configuration';
  const named: Array<{ key: string; model: string }> = [
    ...(config.defaultModel !== undefined ? [{ key: 'defaultModel', model: config.defaultModel }] : []),
    ...Object.entries(config.tools ?? {}).flatMap(([tool, settings]) =>
      settings.model === undefined ? [] : [{ key: `tools.${tool}.model`, model: settings.model }],
    ),
  ].filter(({ model }) => model.trim().toLowerCase() !== 'auto');
  if (named.length === 0) return [];
  const failures: DoctorCheck[] = [];
  for (const { key, model } of named) {
    try {
      registry.resolve(model);
    } catch (error) {
      const code = ExaiError.isInstance(error) ? `${error.code}: ` : '';
      failures.push({
        name: 'models',
        status: 'fail',
        detail: `${key} in ${where} is "${model}": ${code}${errorMessage(error)}`,
        fix: `set ${key} in ${where} to a model \`exai models\` lists (or auto), or remove it`,
      });
    }
  }
  if (failures.length > 0) return failures;
  return [
    {
      name: 'models',
      status: 'ok',
      detail: named.map(({ key, model }) => `${key} ${model}`).join(', '),
    },
  ];
}
