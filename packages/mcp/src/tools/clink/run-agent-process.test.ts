import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runAgentProcess, type AgentProcessOptions } from './run-agent-process.js';

const cwd = mkdtempSync(join(tmpdir(), 'exai-run-agent-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const run = (script: string, options: Partial<AgentProcessOptions> = {}) =>
  runAgentProcess({
    name: 'fake',
    command: process.execPath,
    args: ['-e', script],
    cwd,
    env: process.env,
    timeoutInSeconds: 30,
    maxOutputBytes: 1024 * 1024,
    signal: new AbortController().signal,
    ...options,
  });

describe('runAgentProcess', () => {
  it('returns standard output, with the prompt on stdin when given, in the folder given', async () => {
    const script = "let t='';process.stdin.on('data',c=>t+=c).on('end',()=>console.log(t+'|'+process.cwd()))";
    expect(await run(script, { stdin: 'a prompt; $(rm -rf /)' })).toBe(`a prompt; $(rm -rf /)|${cwd}\n`);
  });

  it('passes arguments as they are, with no shell to interpret them', async () => {
    const weird = '"; echo injected; `id` $HOME';
    const output = await run('console.log(JSON.stringify(process.argv.slice(1)))', {
      args: ['-e', 'console.log(JSON.stringify(process.argv.slice(1)))', weird],
    });
    expect(JSON.parse(output)).toEqual([weird]);
  });

  it('says how to fix a prompt too long for the command line', async () => {
    await expect(run('1', { args: ['-e', '1', 'x'.repeat(300_000)] })).rejects.toThrow(
      /^clink agent "fake" could not be started: the prompt is too long to pass as an argument; set clink\.agents\.fake\.promptInput to "stdin"/,
    );
  });

  it('stops the agent when the call is cancelled', async () => {
    const controller = new AbortController();
    const running = run('setInterval(() => {}, 1000)', { signal: controller.signal });
    setTimeout(() => controller.abort(), 200);
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
  });
});
