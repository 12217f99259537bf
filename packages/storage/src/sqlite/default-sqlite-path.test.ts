import { describe, expect, it } from 'vitest';

import { defaultSqlitePath } from './default-sqlite-path.js';

describe('defaultSqlitePath', () => {
  it('uses XDG_DATA_HOME on Linux, else ~/.local/share', () => {
    expect(defaultSqlitePath({ HOME: '/home/ada', XDG_DATA_HOME: '/data' }, 'linux')).toBe(
      '/data/exai/exai.db',
    );
    expect(defaultSqlitePath({ HOME: '/home/ada' }, 'linux')).toBe('/home/ada/.local/share/exai/exai.db');
    expect(defaultSqlitePath({ HOME: '/home/ada', XDG_DATA_HOME: '' }, 'linux')).toBe(
      '/home/ada/.local/share/exai/exai.db',
    );
    expect(defaultSqlitePath({ HOME: '/home/ada', XDG_DATA_HOME: 'relative/dir' }, 'linux')).toBe(
      '/home/ada/.local/share/exai/exai.db',
    );
  });

  it('uses Application Support on macOS', () => {
    expect(defaultSqlitePath({ HOME: '/Users/ada', XDG_DATA_HOME: '/data' }, 'darwin')).toBe(
      '/Users/ada/Library/Application Support/exai/exai.db',
    );
  });

  it('uses LOCALAPPDATA on Windows', () => {
    expect(defaultSqlitePath({ LOCALAPPDATA: 'C:\\Users\\ada\\AppData\\Local' }, 'win32')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\exai\\exai.db',
    );
    expect(defaultSqlitePath({ USERPROFILE: 'C:\\Users\\ada' }, 'win32')).toBe(
      'C:\\Users\\ada\\AppData\\Local\\exai\\exai.db',
    );
  });
});
