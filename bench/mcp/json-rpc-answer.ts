/** A JSON-RPC response as the benchmarks read it. */
export interface JsonRpcAnswer {
  id?: number | string | null;
  result?: { isError?: boolean; content?: Array<{ type: string; text?: string }>; [key: string]: unknown };
  error?: { code: number; message: string };
}

/**
 * The JSON-RPC response in a Streamable HTTP answer: a JSON body, or the last `data:` line of an
 * SSE body that carries a response (progress notifications come before it).
 */
export function readJsonRpcAnswer(contentType: string, body: string): JsonRpcAnswer | undefined {
  try {
    if (contentType.includes('application/json')) return JSON.parse(body) as JsonRpcAnswer;
    if (!contentType.includes('text/event-stream')) return undefined;
    let answer: JsonRpcAnswer | undefined;
    for (const line of body.split('\n')) {
      if (!line.startsWith('data:')) continue;
      const message = JSON.parse(line.slice(5)) as JsonRpcAnswer & { method?: string };
      if (message.method === undefined) answer = message;
    }
    return answer;
  } catch {
    return undefined;
  }
}

/** Whether an answer is a successful `tools/call` result whose text starts with `expectedText`. */
export function isToolSuccess(answer: JsonRpcAnswer | undefined, expectedText: string): boolean {
  const result = answer?.result;
  return (
    result !== undefined &&
    result.isError !== true &&
    (result.content?.[0]?.text ?? '').startsWith(expectedText)
  );
}
