import { describe, expect, it } from 'vitest';
import { createPrintableTextStream, printableLine, printableText } from './printable-text.js';

describe('printableLine', () => {
  it('shows escape sequences, C0, DEL and C1 controls as escapes', () => {
    expect(printableLine('a\u001b[2Jb')).toBe('a\\u001b[2Jb');
    expect(printableLine('\u001b]8;;https://evil.example\u0007click\u001b]8;;\u0007')).toBe(
      '\\u001b]8;;https://evil.example\\u0007click\\u001b]8;;\\u0007',
    );
    expect(printableLine('\u0000\u0008\u007f\u0080\u009b')).toBe('\\u0000\\u0008\\u007f\\u0080\\u009b');
  });

  it('shows line breaks and tabs as \\n, \\r and \\t, so a value stays on its line', () => {
    expect(printableLine('one\ntwo\r\nthree\tfour')).toBe('one\\ntwo\\r\\nthree\\tfour');
    expect(printableLine('a\u2028b\u2029c')).toBe('a\\u2028b\\u2029c');
  });

  it('shows bidirectional controls, invisible characters and tags, keeping ZWJ and ZWNJ', () => {
    expect(printableLine('admin\u202egpj.exe')).toBe('admin\\u202egpj.exe');
    expect(printableLine('a\u200bb\u2066c\u2069\ufeff')).toBe('a\\u200bb\\u2066c\\u2069\\ufeff');
    expect(printableLine('x\u{e0041}y')).toBe('x\\u{e0041}y');
    // Emoji sequences and Persian text need the joiner and non-joiner.
    expect(printableLine('👩\u200d💻 می\u200cخواهم')).toBe('👩\u200d💻 می\u200cخواهم');
  });

  it('shows an unpaired surrogate, and keeps letters, emoji and punctuation of any script', () => {
    expect(printableLine('a\ud800b')).toBe('a\\ud800b');
    const plain = 'Réviser le cache — キャッシュ 🚀 «ok» \\u001b';
    expect(printableLine(plain)).toBe(plain);
  });

  it('is idempotent', () => {
    const once = printableLine('a\u001b[31m\nb\u202e');
    expect(printableLine(once)).toBe(once);
  });
});

describe('printableText', () => {
  it('keeps line breaks and tabs, and escapes everything else printableLine does', () => {
    expect(printableText('line one\n\tindented\r\nwindows line\u001b[2J\u202e')).toBe(
      'line one\n\tindented\r\nwindows line\\u001b[2J\\u202e',
    );
  });

  it('escapes a carriage return that is not followed by a line break (it would print over the line)', () => {
    expect(printableText('rm -rf ~\rls')).toBe('rm -rf ~\\rls');
  });
});

describe('createPrintableTextStream', () => {
  it('holds a carriage return or half a surrogate pair that ends a piece until the next piece', () => {
    const stream = createPrintableTextStream();
    const pieces = ['one\r', '\ntwo ', '\ud83d', '\ude80 \u001b[', '2J\r'];
    const shown = pieces.map((piece) => stream.write(piece));
    expect(shown).toEqual(['one', '\r\ntwo ', '', '🚀 \\u001b[', '2J']);
    expect(stream.end()).toBe('\\r');
    expect(shown.join('') + '\\r').toBe(printableText(pieces.join('')));
  });
});
