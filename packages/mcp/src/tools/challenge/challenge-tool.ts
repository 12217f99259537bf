import { z } from 'zod';
import { defineTool } from '../define-tool.js';
import { CHALLENGE_DESCRIPTION, challengeText } from './challenge-prompts.js';

/** `challenge`: makes the calling assistant re-examine a statement instead of agreeing reflexively. */
export const challengeTool = defineTool({
  name: 'challenge',
  title: 'Challenge a statement',
  description: CHALLENGE_DESCRIPTION,
  inputSchema: z.object({
    prompt: z.string().min(1).describe('The statement to examine, as the user made it.'),
  }),
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  async execute({ prompt }) {
    return { text: challengeText(prompt) };
  },
});
