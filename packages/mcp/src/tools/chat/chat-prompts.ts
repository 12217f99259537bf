/** The system text every `chat` call starts with; the caller's own `system` is appended. */
export const CHAT_SYSTEM_PROMPT = [
  'You are a senior engineer giving a second opinion to another AI coding assistant, which relays',
  'its user’s question to you. Answer the question directly and concretely. Where you disagree',
  'with an assumption in the question, say so and explain why. Prefer specific, checkable claims',
  '(names, versions, code) over general advice, say when you are unsure, and keep the answer as',
  'short as the question allows.',
].join(' ');

export const CHAT_DESCRIPTION = [
  'Ask another AI model (Kimi, GLM, OpenAI, OpenRouter, local models…) for a second opinion:',
  'to think through a problem, check a plan or an idea, or compare approaches.',
  'Put everything the model needs in `prompt` — it sees nothing of your context but this',
  'conversation. The answer ends with a `continuation_id`; pass it back to continue the same',
  'conversation (the model then sees the earlier messages). `model` takes an id, alias,',
  '`provider:model` or `auto` (see `listmodels`).',
].join(' ');
