/**
 * Closes every workflow tool's expert system prompt: how to treat material gathered by another
 * assistant, and how to answer.
 */
export const EXPERT_GROUND_RULES = [
  'The findings you receive were gathered step by step by another AI assistant working with a',
  'developer. Treat them as leads, not facts: check each against the files shown, say plainly where',
  'they are wrong or incomplete, and add what was missed. Cite files and line numbers. Be concrete',
  'and brief; order points by importance; do not repeat the findings back.',
].join(' ');
