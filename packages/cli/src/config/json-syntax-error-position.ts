/** Where a JSON text stops being valid: 1-based line and column, and the 0-based offset. */
export interface JsonSyntaxErrorPosition {
  offset: number;
  line: number;
  column: number;
}

class SyntaxErrorAt {
  constructor(readonly offset: number) {}
}

const numberPattern = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

/**
 * Finds the first syntax error of `text` as JSON, or `undefined` when it is valid. `JSON.parse`
 * messages quote the text around the error (which may be a secret) and do not always give the
 * position, so this small scanner finds it instead.
 */
export function findJsonSyntaxError(text: string): JsonSyntaxErrorPosition | undefined {
  let index = 0;
  const fail = (): never => {
    throw new SyntaxErrorAt(index);
  };
  const skipWhitespace = () => {
    while (index < text.length && ' \t\n\r'.includes(text[index]!)) index += 1;
  };
  const expect = (word: string) => {
    if (!text.startsWith(word, index)) fail();
    index += word.length;
  };
  const string = () => {
    index += 1;
    while (index < text.length) {
      const char = text[index]!;
      if (char === '"') return void (index += 1);
      if (char < ' ') fail();
      if (char !== '\\') index += 1;
      else if (text[index + 1] === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(index + 2, index + 6)))
        index += 6;
      else if ('"\\/bfnrt'.includes(text[index + 1] ?? 'x')) index += 2;
      else fail();
    }
    fail();
  };
  const list = (close: string, item: () => void) => {
    index += 1;
    skipWhitespace();
    if (text[index] === close) return void (index += 1);
    for (;;) {
      item();
      skipWhitespace();
      if (text[index] === close) return void (index += 1);
      expect(',');
    }
  };
  const value = (): void => {
    skipWhitespace();
    const char = text[index];
    if (char === '{') {
      return list('}', () => {
        skipWhitespace();
        if (text[index] !== '"') fail();
        string();
        skipWhitespace();
        expect(':');
        value();
      });
    }
    if (char === '[') return list(']', value);
    if (char === '"') return string();
    if (char === 't') return expect('true');
    if (char === 'f') return expect('false');
    if (char === 'n') return expect('null');
    numberPattern.lastIndex = index;
    if (numberPattern.exec(text) === null) fail();
    index = numberPattern.lastIndex;
  };
  try {
    value();
    skipWhitespace();
    if (index < text.length) fail();
    return undefined;
  } catch (error) {
    if (!(error instanceof SyntaxErrorAt)) return undefined;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    return { offset: error.offset, line, column: error.offset - before.lastIndexOf('\n') };
  }
}
