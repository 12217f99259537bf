/** How much of the start and of the end of a skipped message is kept to find its id. */
export const OVERSIZED_MESSAGE_EDGE_BYTES = 1024;

const value = String.raw`(-?\d+|"(?:[^"\\]|\\.)*")`;
/** `"id"` after nothing but simple members at the top level: `{"jsonrpc":"2.0","id":7,…`. */
const leadingId = new RegExp(
  String.raw`^\s*\{(?:\s*"(?:[^"\\]|\\.)*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?[\d.eE+-]+|true|false|null)\s*,)*?` +
    String.raw`\s*"id"\s*:\s*${value}\s*[,}]`,
);
/**
 * `"id"` as the last member of the object the line ends with (`…},"jsonrpc":"2.0","id":7}`, the
 * order the MCP SDK's clients write): a single `}` after it can only close the top level.
 */
const trailingId = new RegExp(String.raw`[{,]\s*"id"\s*:\s*${value}\s*\}\s*$`);

/**
 * The id of a JSON-RPC message too large to parse, read from its first and last bytes, so the
 * error that refuses it answers the request the client is waiting on; `null` when neither edge
 * shows a top-level id (a notification, or an order other than the two above).
 */
export function idOfOversizedMessage(head: string, tail: string): string | number | null {
  const match = leadingId.exec(head) ?? trailingId.exec(tail);
  if (match?.[1] === undefined) return null;
  try {
    const id: unknown = JSON.parse(match[1]);
    return typeof id === 'number' || typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
