import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS_WITH_STORE, COMMANDS_WITHOUT_STORE } from './commands/store-option-use.js';
import { runCliCaptured } from './test-helpers/run-cli-captured.js';

let home: string;

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'exai-store-option-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

function exai(argv: string[], env: Record<string, string> = {}) {
  return runCliCaptured({
    argv,
    // No provider has a key, and Ollama's address is a closed local port: nothing leaves this machine.
    env: {
      HOME: home,
      XDG_CONFIG_HOME: join(home, 'config'),
      XDG_DATA_HOME: join(home, 'data'),
      NO_COLOR: '1',
      OLLAMA_BASE_URL: 'http://127.0.0.1:9/v1',
      ...env,
    },
    cwd: home,
    input: '',
  });
}

describe('a global --store', () => {
  it('is refused by a command that never opens a store, before the command runs', async () => {
    const chat = await exai(['--store', 'memory', 'chat', '-m', 'kimi-k2', 'hello'], {
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: 'http://127.0.0.1:9/v1',
    });
    expect(chat).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'exai: invalid_argument: --store has no effect on "exai chat": it asks the model directly and ' +
        'keeps no thread, usage or audit record. Run it without --store.\n',
    });

    // After the command, too, as global options may be.
    const models = await exai(['models', '--store', 'sqlite:/nowhere/exai.db']);
    expect(models.code).toBe(2);
    expect(models.stdout).toBe('');
    expect(models.stderr).toBe(
      'exai: invalid_argument: --store has no effect on "exai models": it lists the models of the configuration. ' +
        'Run it without --store.\n',
    );

    const fake = await exai(['--store', 'memory', 'dev', 'fake-upstream', '--port', '0']);
    expect(fake.code).toBe(2);
    expect(fake.stderr).toContain('--store has no effect on "exai dev fake-upstream": ');

    const connect = await exai(['--store', 'memory', 'connect', 'http://127.0.0.1:9/mcp']);
    expect(connect.code).toBe(2);
    expect(connect.stderr).toContain(
      '--store has no effect on "exai connect": the daemon it forwards to keeps the records, in its own store',
    );
  });

  it('is refused by exai doctor --url, which checks a daemon, and kept by exai doctor', async () => {
    const daemon = await exai(['--store', 'memory', 'doctor', '--url', 'http://127.0.0.1:9/mcp']);
    expect(daemon.code).toBe(2);
    expect(daemon.stderr).toBe(
      'exai: invalid_argument: --store has no effect on "exai doctor --url": it checks the daemon, which reports ' +
        'on its own store (the readyz check). Run it without --store.\n',
    );
    const local = await exai(['--store', 'memory', 'doctor', '--json']);
    expect(local.stderr).not.toContain('--store has no effect');
    const store = JSON.parse(local.stdout).checks.find((check: { name: string }) => check.name === 'store');
    expect(store).toMatchObject({ status: 'ok' });
  });

  it('is used by the commands that open a store, and EXAI_STORE is never refused', async () => {
    const threads = await exai(['--store', 'memory', 'threads', 'list', '--json']);
    expect(threads.code).toBe(0);
    expect(JSON.parse(threads.stdout)).toMatchObject({ threads: [] });
    expect(JSON.parse(threads.stdout).store).toMatch(/^memory/);
    const models = await exai(['models', '--json'], { EXAI_STORE: 'memory' });
    expect(models.code).toBe(0);
  });

  it('has its use decided for every command exai offers', async () => {
    const help = await exai(['--help']);
    const commands = [...help.stdout.slice(help.stdout.indexOf('\nCommands:')).matchAll(/^ {2}([a-z-]+)\b/gm)]
      .map((match) => match[1])
      .filter((name) => name !== 'help');
    expect(commands.length).toBeGreaterThan(10);
    for (const command of commands) {
      const decided = [
        COMMANDS_WITH_STORE.includes(command!),
        Object.hasOwn(COMMANDS_WITHOUT_STORE, command!),
      ];
      expect(decided, `${command}: list it in COMMANDS_WITH_STORE or COMMANDS_WITHOUT_STORE`).toContain(true);
      expect(decided, command).not.toEqual([true, true]);
    }
  });
});
