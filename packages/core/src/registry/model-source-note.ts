import { ExaiError } from '../errors/exai-error.js';

/**
 * Adds to a model error where the model name came from when the call did not name it (say,
 * `defaultModel in /home/me/exai.config.json`), so the fix is found where the value is written.
 * Other errors pass through unchanged.
 */
export function withModelSource(
  error: unknown,
  { model, source }: { model: string; source: string },
): unknown {
  if (!ExaiError.isInstance(error) || error.message.includes(source)) return error;
  error.message =
    `${error.message} The model "${model}" comes from ${source}: fix it there (\`exai doctor\` checks it), ` +
    'or name a model in the call.';
  return error;
}
