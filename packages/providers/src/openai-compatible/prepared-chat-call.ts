import type { LanguageModelV1Warning, HttpTransport, TransportRequestOptions } from '@exai/core';

/** One prepared chat call: where it goes, what it sends, what could not be honoured. */
export interface PreparedChatCall {
  transport: HttpTransport;
  /** Everything but the body, reused for each round of a builtin tool loop. */
  request: Omit<TransportRequestOptions, 'body'>;
  body: Record<string, unknown>;
  warnings: LanguageModelV1Warning[];
}
