// The load every stateless-HTTP bench sends: `tools/call chat` POSTs, each answer checked.
import { chatCallMessage, chatPrompt, fakeUpstreamReply, kimiModelId } from './exai-process.js';
import { isToolSuccess, readJsonRpcAnswer } from './json-rpc-answer.js';
import type { LoadTarget } from './load-generator.js';

/** The headers of an MCP POST to a Streamable HTTP endpoint. */
export const mcpPostHeaders = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2025-06-18',
};

/** `tools/call chat` to `url`; an answer counts when it is a tool result with the upstream's text. */
export function chatCallTarget(url: string): LoadTarget {
  return {
    url,
    headers: mcpPostHeaders,
    body: JSON.stringify(chatCallMessage(1)),
    check: (status, contentType, body) =>
      status === 200 && isToolSuccess(readJsonRpcAnswer(contentType, body), fakeUpstreamReply),
  };
}

/**
 * The completion request `chat` sends upstream, POSTed to the keep-alive proxy at `url`: plain, as
 * without a progress token, or streaming, as with one.
 */
export function proxyCallTarget(url: string, { stream = false }: { stream?: boolean } = {}): LoadTarget {
  return {
    url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      model: kimiModelId,
      messages: [{ role: 'user', content: chatPrompt }],
      ...(stream && { stream: true }),
    }),
    check: (status, _contentType, body) =>
      status === 200 && body.includes(stream ? 'data: [DONE]' : fakeUpstreamReply),
  };
}
