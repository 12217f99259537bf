import type { ExaiRuntime } from './exai-runtime.js';

/**
 * The model a tool call asks for: the call's own `model`, else the tool's default model from the
 * runtime (`tools.<name>.model` in exai.config.json), else undefined (the server's default).
 */
export function toolModel(
  runtime: Pick<ExaiRuntime, 'toolModels'>,
  toolName: string,
  model: string | undefined,
): string | undefined {
  if (model !== undefined && model !== '') return model;
  return runtime.toolModels?.[toolName];
}

/** The system text with the instruction to answer in the runtime's locale, when one is set. */
export function withLocale(runtime: Pick<ExaiRuntime, 'locale'>, system: string): string {
  const locale = runtime.locale?.trim();
  if (locale === undefined || locale === '') return system;
  return (
    `${system}\n\nAnswer in the user's language, locale "${locale}": write your prose in it, but keep ` +
    'code, identifiers, commands, file paths and quoted text exactly as they are.'
  );
}
