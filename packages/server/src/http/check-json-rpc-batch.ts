/**
 * Refusals JSON-RPC requires for a body before any message of it runs: an empty batch, and a batch
 * whose requests share an id (their answers could not be told apart). Returns the message of the
 * `Invalid Request` error, or `undefined` when the body may pass.
 */
export function checkJsonRpcBatch(body: unknown): string | undefined {
  if (!Array.isArray(body)) return undefined;
  if (body.length === 0) return 'Invalid Request: an empty batch is not allowed';
  const ids = new Set<unknown>();
  for (const message of body as Array<{ id?: unknown; method?: unknown } | null>) {
    if (typeof message?.method !== 'string' || message.id === undefined || message.id === null) continue;
    if (ids.has(message.id))
      return `Invalid Request: the requests of a batch must have unique ids (${JSON.stringify(message.id)} is used twice)`;
    ids.add(message.id);
  }
  return undefined;
}
