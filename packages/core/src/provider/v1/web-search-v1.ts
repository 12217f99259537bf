export interface WebSearchV1Result {
  title: string;
  url: string;
  snippet: string;
  /** The site's name, where the provider gives it. */
  source?: string;
  publishedAt?: string;
}

export interface WebSearchV1Options {
  query: string;
  maxResults?: number;
  abortSignal?: AbortSignal;
}

/** A provider's standalone web search API. */
export interface WebSearchV1 {
  readonly specificationVersion: 'v1';
  search(options: WebSearchV1Options): Promise<WebSearchV1Result[]>;
}
