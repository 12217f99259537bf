import type { LanguageModelV1ToolCall, LanguageModelV1Warning } from '@exai/core';
import type { OpenAICompatibleMessage } from './convert-to-openai-compatible-messages.js';
import type { OpenAICompatibleWebSearchSettings } from './openai-compatible-settings.js';
import type { ChatCompletion } from './parse-chat-completion.js';

/** The loop that answers a server-run builtin tool by echoing its arguments (Kimi's `$web_search`). */
export interface BuiltinToolEcho {
  toolName: string;
  maxRounds: number;
}

const defaultMaxRounds = 5;

/** The echo loop for a call, when it asked for web search and the provider runs it that way. */
export function getBuiltinToolEcho(
  webSearchRequested: boolean | undefined,
  settings: OpenAICompatibleWebSearchSettings | undefined,
): BuiltinToolEcho | undefined {
  if (!webSearchRequested || settings?.echoToolName === undefined) return undefined;
  return { toolName: settings.echoToolName, maxRounds: Math.max(1, settings.maxRounds ?? defaultMaxRounds) };
}

/** Whether the model stopped to have the builtin tool answered (and only that tool). */
export function wantsEcho(completion: ChatCompletion, echo: BuiltinToolEcho | undefined): boolean {
  return (
    echo !== undefined &&
    completion.finishReason === 'tool_calls' &&
    completion.toolCalls.length > 0 &&
    completion.toolCalls.every((toolCall) => toolCall.name === echo.toolName)
  );
}

/** The assistant turn and the tool answers to append before calling again. */
export function createEchoMessages(completion: ChatCompletion): OpenAICompatibleMessage[] {
  const assistant: OpenAICompatibleMessage = {
    role: 'assistant',
    content: completion.text,
    tool_calls: completion.toolCalls.map((toolCall) => ({
      id: toolCall.id,
      type: toolCall.type,
      function: { name: toolCall.name, arguments: toolCall.arguments },
    })),
  };
  if (completion.reasoning !== undefined) assistant.reasoning_content = completion.reasoning;
  return [
    assistant,
    ...completion.toolCalls.map((toolCall) => ({
      role: 'tool',
      tool_call_id: toolCall.id,
      name: toolCall.name,
      content: toolCall.arguments,
    })),
  ];
}

/** The warning for a loop that ran out of rounds. */
export function echoRoundsExhaustedWarning(echo: BuiltinToolEcho): LanguageModelV1Warning {
  return {
    type: 'other',
    setting: 'webSearch',
    message: `The model still asked for ${echo.toolName} after ${echo.maxRounds} rounds; stopped there.`,
  };
}

/** The tool calls the caller should answer: calls to the echoed builtin tool are left out. */
export function visibleToolCalls(
  completion: ChatCompletion,
  echoToolName: string | undefined,
): LanguageModelV1ToolCall[] {
  return completion.toolCalls
    .filter((toolCall) => toolCall.name !== echoToolName)
    .map((toolCall) => ({ toolCallId: toolCall.id, toolName: toolCall.name, input: toolCall.arguments }));
}
