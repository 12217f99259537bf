import { isAbsolute } from 'node:path';
import { InvalidArgumentError } from '@exai/core';
import { z } from 'zod';
import type { ToolContext } from './tool-context.js';

/** The `prompt_file` field: the prompt as a file, for prompts over the client's MCP message limit. */
export const promptFileField = z
  .string()
  .min(1)
  .optional()
  .describe('Absolute path of a file holding the prompt, instead of prompt (for very long prompts).');

/**
 * The prompt of a call: the text given, or the content of the file named (read through the
 * FileService, so the allowed roots and deny rules apply). Exactly one of the two must be given.
 */
export async function readPromptInput(
  context: Pick<ToolContext, 'files'>,
  {
    text,
    file,
    textArgument = 'prompt',
    fileArgument = 'prompt_file',
  }: { text: string | undefined; file: string | undefined; textArgument?: string; fileArgument?: string },
): Promise<string> {
  if (text !== undefined && text !== '' && file !== undefined) {
    throw new InvalidArgumentError({
      argument: fileArgument,
      message: `Pass either ${textArgument} or ${fileArgument}, not both.`,
    });
  }
  if (file === undefined) {
    if (text === undefined || text === '') {
      throw new InvalidArgumentError({
        argument: textArgument,
        message: `Pass ${textArgument}, or ${fileArgument} with the absolute path of a file holding it.`,
      });
    }
    return text;
  }
  if (!isAbsolute(file)) {
    throw new InvalidArgumentError({
      argument: fileArgument,
      message: `${fileArgument} must be an absolute path; got "${file}".`,
    });
  }
  const { content } = await context.files.readText(file);
  if (content.trim() === '') {
    throw new InvalidArgumentError({ argument: fileArgument, message: `${file} is empty.` });
  }
  return content;
}
