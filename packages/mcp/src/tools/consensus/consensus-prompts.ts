/** A stance a consensus model argues from. */
export type ConsensusStance = 'for' | 'against' | 'neutral';

export const CONSENSUS_DESCRIPTION = [
  'Ask several models the same question in parallel, each blind to the others and each with a',
  'stance (for, against, neutral), then optionally have one model synthesise their answers.',
  'Use it to test a decision or plan from several sides. Returns a continuation_id.',
].join(' ');

const shared = [
  'You are one of several independent reviewers asked the same question by an AI coding',
  'assistant; you do not see the others’ answers. Be concrete and specific (names, versions,',
  'code), say when you are unsure, and keep the answer short. End with one line:',
  '"Verdict: <your conclusion in one sentence> (confidence: low|medium|high)".',
].join(' ');

const stanceInstructions: Record<ConsensusStance, string> = {
  for: [
    'Your stance: FOR. Make the strongest honest case in favour of the proposal: its benefits,',
    'how to make it work, and how to answer the likely objections. Do not invent facts; if the',
    'proposal is clearly wrong or harmful, say so plainly despite your stance.',
  ].join(' '),
  against: [
    'Your stance: AGAINST. Look critically for what is wrong, risky or missing: failure modes,',
    'hidden costs, better alternatives. Do not invent problems; if the proposal is clearly',
    'sound, say so plainly despite your stance.',
  ].join(' '),
  neutral: [
    'Your stance: NEUTRAL. Weigh the proposal evenly: the strongest points on each side, the',
    'trade-offs, and what the decision should depend on.',
  ].join(' '),
};

/** The system text of one consensus model: shared rules, then its stance (or the caller's own). */
export function stanceSystemPrompt(stance: ConsensusStance, stancePrompt: string | undefined): string {
  return `${shared}\n\n${stancePrompt?.trim() || stanceInstructions[stance]}`;
}

export const SYNTHESIS_SYSTEM_PROMPT = [
  'You are given a question and the independent answers of several models, each written from an',
  'assigned stance. Synthesise them for an AI coding assistant: where they agree, where they',
  'disagree and which side has the better argument, any point only one of them raised that',
  'matters, and a final recommendation with your confidence. Judge arguments on their merits,',
  'not by how many models made them. Be concise.',
].join(' ');

/** The synthesis model's message: the question and every answer, labelled. */
export function synthesisPrompt(
  prompt: string,
  answers: ReadonlyArray<{ model: string; stance: ConsensusStance; text: string }>,
): string {
  const blocks = answers.map(
    (answer, index) =>
      `<answer number="${index + 1}" model="${answer.model}" stance="${answer.stance}">\n${answer.text}\n</answer>`,
  );
  return `The question:\n${prompt}\n\nThe answers:\n\n${blocks.join('\n\n')}`;
}
