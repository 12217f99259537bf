import { describe, expect, it } from 'vitest';
import { createCliColors } from './cli-colors.js';
import { formatTable } from './format-table.js';

describe('formatTable', () => {
  it('aligns columns by their widest cell and trims the end of each line', () => {
    expect(
      formatTable([
        ['ID', 'NAME', 'NOTE'],
        ['1', 'a long name', ''],
        ['22', 'x', 'last'],
      ]),
    ).toBe(['ID  NAME         NOTE', '1   a long name', '22  x            last'].join('\n'));
  });

  it('escapes control and invisible characters in every cell, measuring widths on the escaped text', () => {
    const table = formatTable([
      ['TENANT', 'TITLE'],
      ['ev\u001b[2Jil', 'line one\nline two'],
      ['ok', '\u202eabc'],
    ]);
    expect(table).toBe(
      ['TENANT         TITLE', 'ev\\u001b[2Jil  line one\\nline two', 'ok             \\u202eabc'].join('\n'),
    );
    // eslint-disable-next-line no-control-regex
    expect(table).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
  });

  it('colours a cell the CLI colours, padding outside the colour and measuring the text alone', () => {
    const pc = createCliColors({ env: { FORCE_COLOR: '1' }, stream: {} });
    const table = formatTable([
      ['WITHIN', 'PROFILE'],
      [{ text: 'NO', color: pc.red }, 'full'],
      [{ text: 'x\u001b[8m', color: pc.red }, 'core'],
    ]);
    const [header, first, second] = table.split('\n');
    expect(header).toBe('WITHIN      PROFILE');
    expect(first).toBe(`${pc.red('NO')}          full`);
    // The data's own escape sequence is shown, inside exai's colour.
    expect(second).toBe(`${pc.red('x\\u001b[8m')}  core`);
  });
});
