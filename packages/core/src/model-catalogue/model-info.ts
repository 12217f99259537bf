/** What exai knows about one model: data, not code. */
export interface ModelInfo {
  /** The provider id, e.g. `kimi`. */
  provider: string;
  /** The id sent upstream, e.g. `kimi-k2-0905-preview`. */
  id: string;
  /** Other names that resolve to this model, e.g. `kimi-k2`. */
  aliases?: readonly string[];
  /** A short human description. */
  description?: string;
  /** Context window in tokens. */
  contextWindow: number;
  /** The most output tokens one call may produce. */
  maxOutputTokens: number;
  capabilities: ModelCapabilities;
  /** Temperature constraints; `fixed` means the model rejects any other value. */
  temperature?: { min?: number; max?: number; default?: number; fixed?: number; unsupported?: boolean };
  /** US dollars per million tokens. */
  pricing?: { inputPerMillion: number; outputPerMillion: number; cachedInputPerMillion?: number };
  /**
   * A 0–100 rank used by `auto` to order candidates: higher is preferred.
   * Reasoning strength dominates; cost breaks ties.
   */
  rank?: number;
  /** Set when the model is deprecated; the text says what to use instead. */
  deprecated?: string;
}

export interface ModelCapabilities {
  /** Produces reasoning ("thinking") text, always or when asked. */
  thinking: boolean;
  /** Accepts images. */
  vision: boolean;
  /** Calls function tools. */
  tools: boolean;
  /** The provider can search the web for it. */
  webSearch?: boolean;
  /** Answers as JSON on request. */
  jsonMode?: boolean;
}
