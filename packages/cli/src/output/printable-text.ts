/**
 * Text exai did not write itself — a thread title taken from a prompt, a tenant id, an API key
 * name, an audit target, a model name from a config file, a model's answer — made safe to print on
 * a terminal. Such text may hold characters that drive the terminal rather than show: escape
 * sequences (`ESC [ 2 J` clears the screen, `ESC ] 8` makes a link, `ESC ] 52` writes the
 * clipboard), carriage returns and backspaces that print over what came before, bidirectional
 * overrides and invisible characters that show one text as another.
 *
 * Each such character is shown as an escape instead: `\n`, `\r`, `\t`, else `\u001b` (`\u{e0041}`
 * above U+FFFF). Escaped are the control characters (C0, DEL and C1), the format characters
 * (bidirectional controls, zero-width spaces, the byte order mark, tag characters…), the line and
 * paragraph separators, and unpaired surrogates. The zero-width non-joiner and joiner are kept:
 * several scripts and emoji sequences need them, and they reorder nothing. Backslashes are left as
 * they are, so `\u001b` in the output may also be those six characters in the text; `--json`
 * output is exact.
 *
 * The colours exai adds are applied after this, to text already escaped.
 */
const unprintable = /(?![\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;
const unprintableOutsideLines = /\r(?!\n)|(?![\n\r\t\u200c\u200d])[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const shortEscapes: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(character: string): string {
  const shortEscape = shortEscapes[character];
  if (shortEscape !== undefined) return shortEscape;
  const code = character.codePointAt(0)!;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** For a table cell or a value inside a line: every character above escaped, line breaks and tabs too. */
export function printableLine(text: string): string {
  return text.replace(unprintable, escape);
}

/**
 * For text of several lines (a message of a thread, an answer): as `printableLine`, but line
 * breaks (`\n`, and `\r` just before one) and tabs stay as they are.
 */
export function printableText(text: string): string {
  return text.replace(unprintableOutsideLines, escape);
}

/**
 * `printableText` for text that arrives in pieces (a streamed answer): a carriage return or the
 * first half of a surrogate pair that ends a piece is held back until the next one shows what
 * follows it; `end()` returns what is still held.
 */
export function createPrintableTextStream(): { write(piece: string): string; end(): string } {
  let held = '';
  return {
    write(piece) {
      const text = held + piece;
      const last = text.charCodeAt(text.length - 1);
      const hold = last === 0x0d || (last >= 0xd800 && last <= 0xdbff) ? 1 : 0;
      held = text.slice(text.length - hold);
      return printableText(text.slice(0, text.length - hold));
    },
    end() {
      const text = held;
      held = '';
      return printableText(text);
    },
  };
}
