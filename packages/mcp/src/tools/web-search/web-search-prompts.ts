export const WEB_SEARCH_DESCRIPTION = [
  'Search the web: GLM’s search API (titles, URLs, snippets) or Kimi’s $web_search (a model',
  'searches and answers). `auto` prefers GLM.',
].join(' ');

export const KIMI_SEARCH_SYSTEM_PROMPT = [
  'You search the web for an AI coding assistant. Use the web search tool, then answer with the',
  'results you found, one per line, exactly as "- [title](url) — one-sentence snippet", most',
  'relevant first, then a line "Answer:" followed by a short answer to the query drawn from them.',
  'Use only what the search returned; never invent URLs.',
].join(' ');

export function kimiSearchPrompt(query: string, maxResults: number): string {
  return `Search the web for: ${query}\n\nList at most ${maxResults} results.`;
}
