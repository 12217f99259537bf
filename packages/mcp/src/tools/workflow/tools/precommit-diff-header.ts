/** The characters git writes as `\x` in a quoted path. */
const escapes: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/**
 * The path a `diff --git` header names (the text after `diff --git `), as `--numstat -z` prints
 * it: `a/src/x.ts b/src/x.ts` → `src/x.ts`, and `"a/we\"ird" "b/we\"ird"` → `we"ird` (git quotes a
 * path holding `"`, `\`, a tab or another control character). Renames are off, so both sides name
 * the same file. Undefined for a header it cannot read.
 */
export function diffHeaderPath(header: string): string | undefined {
  if (header.startsWith('"')) {
    const quoted = readQuoted(header, 0);
    return quoted?.value.startsWith('a/') ? quoted.value.slice(2) : undefined;
  }
  // Unquoted: "a/<path> b/<path>" with the same path twice, which may hold spaces.
  const half = (header.length - 1) / 2;
  if (Number.isInteger(half) && header.startsWith('a/') && header.slice(half + 1).startsWith('b/')) {
    return header.slice(half + 3);
  }
  return /^a\/.*? b\/(.*)$/.exec(header)?.[1];
}

/** A C-style quoted string starting at `start` (a `"`): its value (escapes read as UTF-8 bytes) and where it ends. */
function readQuoted(text: string, start: number): { value: string; end: number } | undefined {
  const bytes: number[] = [];
  const encoder = new TextEncoder();
  let index = start + 1;
  while (index < text.length) {
    const character = text[index] ?? '';
    if (character === '"') return { value: new TextDecoder().decode(Uint8Array.from(bytes)), end: index + 1 };
    if (character !== '\\') {
      bytes.push(...encoder.encode(character));
      index += 1;
      continue;
    }
    const next = text[index + 1] ?? '';
    const octal = /^[0-7]{3}/.exec(text.slice(index + 1, index + 4))?.[0];
    if (octal !== undefined) {
      bytes.push(parseInt(octal, 8));
      index += 4;
    } else {
      bytes.push(escapes[next] ?? next.charCodeAt(0));
      index += 2;
    }
  }
  return undefined;
}
