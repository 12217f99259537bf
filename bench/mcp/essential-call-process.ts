// The least work a stateless `tools/call chat` needs, with nothing else: a node:http server that
// reads the JSON-RPC request, builds the same upstream request as `chat` (its system prompt and the
// user's prompt), sends it with undici on keep-alive connections, reads the completion, keeps the
// thread, both turns, a usage record and an audit record in maps (as the memory store keeps them)
// and answers with the same result shape. No validation, limits, metrics, logs, retries or breaker:
// it shows how far the protocol's own work is from the keep-alive proxy's floor.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Pool } from 'undici';
import { CHAT_SYSTEM_PROMPT } from '../../packages/mcp/src/tools/chat/chat-prompts.js';

interface ChatCall {
  id: string | number;
  params: { name: string; arguments: { prompt: string; model: string } };
}
interface Completion {
  choices: Array<{ message: { content: string } }>;
  usage: { prompt_tokens: number; completion_tokens: number };
}

const upstream = new Pool(process.argv[2]!, { connections: 128, keepAliveTimeout: 60_000 });
const threads = new Map<string, unknown>();
const usage = new Map<string, unknown>();
const audit = new Map<string, unknown>();

async function answer(call: ChatCall): Promise<unknown> {
  const { prompt, model } = call.params.arguments;
  const modelId = model.slice(model.indexOf(':') + 1);
  const response = await upstream.request({
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json', authorization: 'Bearer x' },
    body: JSON.stringify({
      model: modelId,
      messages: [
        { role: 'system', content: CHAT_SYSTEM_PROMPT },
        { role: 'user', content: prompt },
      ],
    }),
  });
  const completion = (await response.body.json()) as Completion;
  const text = completion.choices[0]!.message.content;
  const inputTokens = completion.usage.prompt_tokens;
  const outputTokens = completion.usage.completion_tokens;
  const threadId = randomUUID();
  const now = new Date();
  threads.set(threadId, {
    id: threadId,
    createdAt: now,
    turns: [
      { role: 'user', content: prompt, createdAt: now },
      { role: 'assistant', content: text, model, createdAt: now },
    ],
  });
  const usageId = randomUUID();
  usage.set(usageId, { id: usageId, threadId, model, inputTokens, outputTokens, createdAt: now });
  const auditId = randomUUID();
  audit.set(auditId, { id: auditId, action: 'tool.chat', target: threadId, at: now, detail: { model } });
  return {
    jsonrpc: '2.0',
    id: call.id,
    result: {
      content: [
        {
          type: 'text',
          text: `${text}\n\n---\ncontinuation_id: ${threadId} (answered by ${model}; pass continuation_id to chat to continue this conversation)\n49 exchanges remaining in this thread.`,
        },
      ],
      structuredContent: {
        continuation_id: threadId,
        model,
        usage: { input_tokens: inputTokens, output_tokens: outputTokens },
        fallbacks: [],
        remaining_exchanges: 49,
      },
    },
  };
}

const server = createServer(async (request, response) => {
  let body = '';
  request.setEncoding('utf8');
  for await (const chunk of request) body += chunk;
  const text = JSON.stringify(await answer(JSON.parse(body) as ChatCall));
  response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.send?.({ url: `http://127.0.0.1:${port}/mcp` });
});
process.on('disconnect', () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
