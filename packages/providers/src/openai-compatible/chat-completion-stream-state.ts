import type { LanguageModelV1StreamPart, LanguageModelV1Usage } from '@exai/core';
import { asNumber, asString, isRecord, mapOpenAICompatibleUsage } from './map-openai-compatible-response.js';
import { generateToolCallId, type ChatCompletion, type RawToolCall } from './parse-chat-completion.js';

/**
 * Accumulates the chunks of one streamed chat completion: text and reasoning deltas are passed on
 * as they come, tool-call deltas are assembled by index, and the finish reason and usage (which
 * may arrive in a last chunk with no choices) are kept for the end.
 */
export class ChatCompletionStreamState {
  id: string | undefined;
  modelId: string | undefined;
  timestamp: Date | undefined;
  text = '';
  reasoning = '';
  finishReason: unknown = undefined;
  usage: LanguageModelV1Usage | undefined;
  private readonly toolCalls: RawToolCall[] = [];
  private readonly toolCallsByIndex = new Map<number, RawToolCall>();
  private sawChunk = false;
  private readonly emitMetadata: boolean;

  constructor({ emitMetadata = true }: { emitMetadata?: boolean } = {}) {
    this.emitMetadata = emitMetadata;
  }

  /** Reads one parsed chunk; appends the parts it produces to `parts`. */
  push(chunk: Record<string, unknown>, parts: LanguageModelV1StreamPart[]): void {
    if (!this.sawChunk) {
      this.sawChunk = true;
      this.id = asString(chunk.id);
      this.modelId = asString(chunk.model);
      const created = asNumber(chunk.created);
      this.timestamp = created === undefined ? undefined : new Date(created * 1000);
      if (this.emitMetadata) {
        parts.push({
          type: 'response-metadata',
          ...(this.id === undefined ? {} : { id: this.id }),
          ...(this.modelId === undefined ? {} : { modelId: this.modelId }),
          ...(this.timestamp === undefined ? {} : { timestamp: this.timestamp }),
        });
      }
    }
    if (isRecord(chunk.usage)) this.usage = mapOpenAICompatibleUsage(chunk.usage);

    const choices = chunk.choices;
    if (!Array.isArray(choices) || choices.length === 0) return;
    const choice: unknown = choices[0];
    if (!isRecord(choice)) return;

    if (isRecord(choice.usage)) this.usage = mapOpenAICompatibleUsage(choice.usage); // Kimi
    if (choice.finish_reason !== undefined && choice.finish_reason !== null) {
      this.finishReason = choice.finish_reason;
    }

    const delta = choice.delta;
    if (!isRecord(delta)) return;
    const reasoning = asString(delta.reasoning_content) ?? asString(delta.reasoning);
    if (reasoning) {
      this.reasoning += reasoning;
      parts.push({ type: 'reasoning-delta', delta: reasoning });
    }
    const content = asString(delta.content);
    if (content) {
      this.text += content;
      parts.push({ type: 'text-delta', delta: content });
    }
    if (Array.isArray(delta.tool_calls)) {
      for (const toolCallDelta of delta.tool_calls) {
        if (isRecord(toolCallDelta)) this.pushToolCallDelta(toolCallDelta);
      }
    }
  }

  /** Whether the upstream said why it stopped. */
  get finished(): boolean {
    return this.finishReason !== undefined;
  }

  /** The completion so far, tool calls assembled. */
  toCompletion(): ChatCompletion {
    return {
      id: this.id,
      modelId: this.modelId,
      timestamp: this.timestamp,
      text: this.text,
      reasoning: this.reasoning === '' ? undefined : this.reasoning,
      toolCalls: this.toolCalls
        .filter((toolCall) => toolCall.name !== '')
        .map((toolCall) => ({ ...toolCall, id: toolCall.id || generateToolCallId() })),
      finishReason: this.finishReason,
      usage: this.usage ?? mapOpenAICompatibleUsage(undefined),
    };
  }

  private pushToolCallDelta(delta: Record<string, unknown>): void {
    const index = asNumber(delta.index);
    const id = asString(delta.id);
    let toolCall = index === undefined ? undefined : this.toolCallsByIndex.get(index);
    if (toolCall === undefined && index === undefined) {
      // No index: a new id starts a new call, otherwise the delta continues the last one.
      const last = this.toolCalls.at(-1);
      toolCall = id !== undefined && id !== '' && last?.id !== id ? undefined : last;
    }
    if (toolCall === undefined) {
      toolCall = { id: '', type: 'function', name: '', arguments: '' };
      this.toolCalls.push(toolCall);
      if (index !== undefined) this.toolCallsByIndex.set(index, toolCall);
    }

    if (id && !toolCall.id) toolCall.id = id;
    const type = asString(delta.type);
    if (type) toolCall.type = type;
    const fn = isRecord(delta.function) ? delta.function : undefined;
    if (fn === undefined) return;
    const name = asString(fn.name);
    if (name && !toolCall.name) toolCall.name = name;
    const args = fn.arguments;
    if (typeof args === 'string') toolCall.arguments += args;
    else if (isRecord(args)) toolCall.arguments = JSON.stringify(args);
  }
}
