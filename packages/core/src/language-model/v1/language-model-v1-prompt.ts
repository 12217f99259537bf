/** A piece of text in a message. */
export interface LanguageModelV1TextPart {
  type: 'text';
  text: string;
}

/** An image, as a URL (`https:` or `data:`) or raw bytes with a media type. */
export interface LanguageModelV1ImagePart {
  type: 'image';
  image: string | Uint8Array;
  /** Required with raw bytes, e.g. `image/png`. */
  mediaType?: string;
}

/** Reasoning text a model produced earlier in the conversation. */
export interface LanguageModelV1ReasoningPart {
  type: 'reasoning';
  text: string;
}

/** A tool call the model made. */
export interface LanguageModelV1ToolCallPart {
  type: 'tool-call';
  toolCallId: string;
  toolName: string;
  /** The arguments, as the JSON text the model produced. */
  input: string;
}

/** The result of a tool call, sent back to the model. */
export interface LanguageModelV1ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  toolName: string;
  output: string;
}

export type LanguageModelV1Message =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | Array<LanguageModelV1TextPart | LanguageModelV1ImagePart> }
  | {
      role: 'assistant';
      content:
        string | Array<LanguageModelV1TextPart | LanguageModelV1ReasoningPart | LanguageModelV1ToolCallPart>;
    }
  | { role: 'tool'; content: LanguageModelV1ToolResultPart[] };

/** The conversation sent to a model: a list of messages, oldest first. */
export type LanguageModelV1Prompt = LanguageModelV1Message[];
