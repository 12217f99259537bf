import type { TurnRecord } from '@exai/core';

/** Most characters of earlier conversation handed to an agent (newest first). */
const HISTORY_CHARACTERS = 60_000;

/**
 * The text an agent receives: its role's instructions, the thread so far (newest messages first
 * within the budget, oldest left out and counted), the files in its working directory, then the
 * prompt. An agent knows nothing of exai's threads, so the history travels in the prompt.
 */
export function clinkPrompt({
  prompt,
  role,
  turns,
  files,
}: {
  prompt: string;
  role: string;
  turns: readonly TurnRecord[];
  files: readonly string[];
}): string {
  const parts: string[] = [];
  if (role.trim() !== '') parts.push(role.trim());
  const history = turns.filter((turn) => turn.role === 'user' || turn.role === 'assistant');
  const kept: string[] = [];
  let room = HISTORY_CHARACTERS;
  for (let index = history.length - 1; index >= 0; index -= 1) {
    const turn = history[index];
    if (turn === undefined) continue;
    const who = turn.role === 'user' ? '[user]' : `[assistant${turn.model ? `, ${turn.model}` : ''}]`;
    const entry = `${who}\n${turn.content}`;
    if (entry.length > room) break;
    room -= entry.length;
    kept.unshift(entry);
  }
  if (kept.length > 0) {
    const left = history.length - kept.length;
    parts.push(
      'The conversation so far' +
        (left > 0 ? ` (its ${left} oldest message${left === 1 ? '' : 's'} left out)` : '') +
        `:\n\n${kept.join('\n\n')}`,
    );
  }
  if (files.length > 0) {
    parts.push(
      'Copies of these files are in your working directory (paths relative to it):\n' +
        files.map((file) => `- ${file}`).join('\n'),
    );
  }
  parts.push(prompt);
  return parts.join('\n\n---\n\n');
}
