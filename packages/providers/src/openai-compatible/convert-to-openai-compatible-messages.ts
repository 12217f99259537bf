import { InvalidArgumentError, type LanguageModelV1ImagePart, type LanguageModelV1Prompt } from '@exai/core';

/** A chat completions message, as JSON. */
export type OpenAICompatibleMessage = Record<string, unknown>;

/** Converts an exai prompt to chat completions messages. Reasoning parts are not sent back. */
export function convertToOpenAICompatibleMessages(prompt: LanguageModelV1Prompt): OpenAICompatibleMessage[] {
  const messages: OpenAICompatibleMessage[] = [];

  for (const message of prompt) {
    switch (message.role) {
      case 'system':
        messages.push({ role: 'system', content: message.content });
        break;

      case 'user': {
        if (typeof message.content === 'string') {
          messages.push({ role: 'user', content: message.content });
          break;
        }
        const onlyText = message.content.every((part) => part.type === 'text');
        if (onlyText) {
          messages.push({
            role: 'user',
            content: message.content.map((part) => (part as { text: string }).text).join(''),
          });
          break;
        }
        messages.push({
          role: 'user',
          content: message.content.map((part) =>
            part.type === 'text'
              ? { type: 'text', text: part.text }
              : { type: 'image_url', image_url: { url: convertImageToUrl(part) } },
          ),
        });
        break;
      }

      case 'assistant': {
        if (typeof message.content === 'string') {
          messages.push({ role: 'assistant', content: message.content });
          break;
        }
        let text = '';
        const toolCalls: Array<Record<string, unknown>> = [];
        for (const part of message.content) {
          if (part.type === 'text') text += part.text;
          else if (part.type === 'tool-call') {
            toolCalls.push({
              id: part.toolCallId,
              type: 'function',
              function: { name: part.toolName, arguments: part.input },
            });
          }
        }
        messages.push(
          toolCalls.length > 0
            ? { role: 'assistant', content: text, tool_calls: toolCalls }
            : { role: 'assistant', content: text },
        );
        break;
      }

      case 'tool':
        for (const part of message.content) {
          messages.push({ role: 'tool', tool_call_id: part.toolCallId, content: part.output });
        }
        break;
    }
  }

  return messages;
}

function convertImageToUrl(part: LanguageModelV1ImagePart): string {
  if (typeof part.image === 'string') return part.image;
  const mediaType = part.mediaType ?? detectImageMediaType(part.image);
  if (mediaType === undefined) {
    throw new InvalidArgumentError({
      argument: 'prompt',
      message: 'An image given as bytes needs a mediaType (e.g. image/png); its format was not recognised.',
    });
  }
  return `data:${mediaType};base64,${Buffer.from(part.image.buffer, part.image.byteOffset, part.image.byteLength).toString('base64')}`;
}

const signatures: Array<{ mediaType: string; bytes: number[]; offset?: number }> = [
  { mediaType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47] },
  { mediaType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { mediaType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38] },
  { mediaType: 'image/webp', bytes: [0x57, 0x45, 0x42, 0x50], offset: 8 },
];

function detectImageMediaType(data: Uint8Array): string | undefined {
  return signatures.find(({ bytes, offset = 0 }) =>
    bytes.every((byte, index) => data[offset + index] === byte),
  )?.mediaType;
}
