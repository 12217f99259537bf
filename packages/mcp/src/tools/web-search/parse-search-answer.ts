export interface SearchResult {
  title: string;
  url: string;
  snippet: string;
}

const resultLine = /^\s*(?:[-*]|\d+[.)])\s*\[([^\]]+)\]\((https?:\/\/[^)\s]+)\)\s*(?:[—–:-]+\s*)?(.*)$/;

/** The `- [title](url) — snippet` lines of a model's search answer, and the text after `Answer:`. */
export function parseSearchAnswer(
  text: string,
  maxResults: number,
): { results: SearchResult[]; answer: string } {
  const results: SearchResult[] = [];
  for (const line of text.split('\n')) {
    const match = resultLine.exec(line);
    if (match && results.length < maxResults) {
      results.push({ title: match[1]?.trim() ?? '', url: match[2] ?? '', snippet: match[3]?.trim() ?? '' });
    }
  }
  const answerAt = text.search(/^\s*\**Answer:?\**:?/im);
  const answer =
    answerAt === -1
      ? ''
      : text
          .slice(answerAt)
          .replace(/^\s*\**Answer:?\**:?\s*/i, '')
          .trim();
  return { results, answer };
}
