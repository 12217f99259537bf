export const CHALLENGE_DESCRIPTION = [
  'Use when the user disputes or questions something you said, or states a claim you should not',
  'simply accept: returns their statement wrapped in instructions to re-examine it critically',
  'instead of agreeing reflexively. Calls no model.',
].join(' ');

/** The statement wrapped in instructions for the calling assistant. */
export function challengeText(statement: string): string {
  return [
    'CRITICAL REASSESSMENT — do not simply agree.',
    '',
    'The user said:',
    '<statement>',
    statement,
    '</statement>',
    '',
    'Before you answer:',
    '1. Work out whether the statement is correct, using the code, the facts and your earlier',
    '   reasoning, not the user’s confidence. It may be right, partly right or wrong.',
    '2. If it is right, say so and change course, naming exactly what you got wrong.',
    '3. If it is wrong or only partly right, say so plainly and explain why with evidence; do not',
    '   give in to avoid friction.',
    '4. If you cannot tell, say what would settle it (a test, a file to read, a command to run).',
    'Do not open with agreement or an apology; open with your assessment.',
  ].join('\n');
}
