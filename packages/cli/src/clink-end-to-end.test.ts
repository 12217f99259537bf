import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const fakeAgent = fileURLToPath(new URL('./test-fixtures/fake-agent.mjs', import.meta.url));

let upstream: FakeUpstream;
let home: string;
let project: string;
let outside: string;
let pidFile: string;
let client: Client;

const agent = (mode: string, extra: Record<string, unknown> = {}) => ({
  command: process.execPath,
  args: [fakeAgent, mode],
  ...extra,
});

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  home = realpathSync(mkdtempSync(join(tmpdir(), 'exai-clink-e2e-')));
  project = join(home, 'project');
  outside = join(home, 'outside');
  pidFile = join(home, 'grandchild.pid');
  mkdirSync(join(project, 'src'), { recursive: true });
  mkdirSync(outside);
  writeFileSync(join(project, 'src', 'retry.ts'), 'export const attempts = 3;\n');
  writeFileSync(join(outside, 'secret.txt'), 'not for agents\n');
  symlinkSync(join(outside, 'secret.txt'), join(project, 'src', 'link.txt'));
  const config = {
    clink: {
      agents: {
        echo: agent('text'),
        structured: agent('json', { parser: 'json' }),
        piped: agent('text', { promptInput: 'stdin' }),
        editor: agent('edit'),
        broken: agent('fail'),
        slow: agent('hang', { timeoutInSeconds: 1, env: { FAKE_AGENT_PID_FILE: pidFile } }),
        chatty: agent('flood', { maxOutputBytes: 4096 }),
        missing: { command: 'exai-no-such-agent-cli', args: ['-p'] },
      },
      roles: { haiku: 'Answer in a haiku.' },
    },
  };
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'serve', '--profile', 'full'],
    cwd: project,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: home,
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      EXAI_ALLOWED_ROOTS: project,
      EXAI_CONFIG: JSON.stringify(config),
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
    },
    stderr: 'pipe',
  });
  client = new Client({ name: 'clink-e2e', version: '1.0.0' });
  await client.connect(transport);
});
afterAll(async () => {
  await client?.close();
  await upstream.close();
  rmSync(home, { recursive: true, force: true });
});

interface Report {
  args: string[];
  stdin: string;
  cwd: string;
  files: Record<string, string>;
}

async function clink(args: Record<string, unknown>) {
  const result = await client.callTool({ name: 'clink', arguments: args });
  const text = ((result.content as Array<{ text?: string }> | undefined) ?? [])
    .map((part) => part.text ?? '')
    .join('');
  return { result, text, structured: (result.structuredContent ?? {}) as Record<string, unknown> };
}

/** The JSON report the fake agent prints after its "FAKE ANSWER" line. */
function reportOf(text: string): Report {
  const match = /FAKE ANSWER\n(\{.*\})/.exec(text);
  if (!match?.[1]) throw new Error(`no report in: ${text}`);
  return JSON.parse(match[1]) as Report;
}

describe('clink over stdio with the SDK client', () => {
  it('hands the prompt, role and copied files to the agent in a temporary folder and keeps the thread', async () => {
    const first = await clink({
      agent: 'echo',
      prompt: 'How many attempts?',
      role: 'codereviewer',
      files: [join(project, 'src')],
    });
    expect(first.result.isError).toBeFalsy();
    const report = reportOf(first.text);
    // No shell: the prompt is one argument, after the configured ones, with the role and the files.
    const prompt = report.args.at(-1) ?? '';
    expect(report.args.length).toBe(1);
    expect(prompt).toMatch(/^Act as a code reviewer/);
    expect(prompt).toContain('- src/retry.ts');
    expect(prompt.endsWith('How many attempts?')).toBe(true);
    // An isolated folder: copies of the files inside the allowed roots, never the link outside.
    expect(report.cwd.startsWith(realpathSync(tmpdir()))).toBe(true);
    expect(report.cwd.startsWith(project)).toBe(false);
    expect(report.files).toEqual({ 'src/retry.ts': 'export const attempts = 3;\n' });
    expect(existsSync(report.cwd)).toBe(false);
    expect(first.structured).toMatchObject({ agent: 'echo', role: 'codereviewer', files: ['src/retry.ts'] });
    const id = String(first.structured.continuation_id);
    expect(first.text).toContain(`continuation_id: ${id} (answered by clink:echo;`);
    expect(first.text).toMatch(/\d+ exchanges remaining in this thread\.$/);

    // Continued: the agent gets the conversation so far in its prompt.
    const second = await clink({ agent: 'echo', prompt: 'And the delay?', continuation_id: id });
    expect(second.structured.continuation_id).toBe(id);
    const again = reportOf(second.text).args.at(-1) ?? '';
    expect(again).toContain(
      'The conversation so far:\n\n[user]\nHow many attempts?\n\n[assistant, clink:echo]\nFAKE ANSWER',
    );
    expect(again.endsWith('And the delay?')).toBe(true);
    // The files of earlier turns are copied again, as they are now.
    expect(reportOf(second.text).files).toEqual({ 'src/retry.ts': 'export const attempts = 3;\n' });

    // Any tool continues the thread: chat sees the agent's answer.
    upstream.enqueue({ reply: { text: 'Agreed.' } });
    const chat = await client.callTool({
      name: 'chat',
      arguments: { prompt: 'Do you agree?', model: 'kimi-k2', continuation_id: id },
    });
    expect(chat.isError).toBeFalsy();
    const sent = JSON.stringify(upstream.requests.at(-1)?.body);
    expect(sent).toContain('How many attempts?');
    expect(sent).toContain('FAKE ANSWER');
  });

  it('parses JSON output, passes the prompt on stdin when configured, and uses configured roles', async () => {
    const structured = await clink({ agent: 'structured', prompt: 'Hi there' });
    expect(structured.result.isError).toBeFalsy();
    expect(structured.text.startsWith('FAKE ANSWER\n{')).toBe(true);
    expect(structured.text).not.toContain('"type":"result"');

    const piped = await clink({ agent: 'piped', prompt: 'Through stdin', role: 'haiku' });
    const report = reportOf(piped.text);
    expect(report.args).toEqual([]);
    expect(report.stdin).toBe('Answer in a haiku.\n\n---\n\nThrough stdin');
  });

  it('lets the agent change only its copies', async () => {
    const result = await clink({
      agent: 'editor',
      prompt: 'Fix it.',
      files: [join(project, 'src', 'retry.ts')],
    });
    expect(reportOf(result.text).files).toEqual({ 'src/retry.ts': 'EDITED BY THE AGENT\n' });
    expect(readFileSync(join(project, 'src', 'retry.ts'), 'utf8')).toBe('export const attempts = 3;\n');
  });

  it('refuses files outside the allowed roots', async () => {
    const refused = await clink({ agent: 'echo', prompt: 'Read it.', files: [join(outside, 'secret.txt')] });
    expect(refused.result.isError).toBe(true);
    expect(refused.text).toMatch(/^path_not_allowed: /);
    const viaLink = await clink({
      agent: 'echo',
      prompt: 'Read it.',
      files: [join(project, 'src', 'link.txt')],
    });
    expect(viaLink.result.isError).toBe(true);
    expect(viaLink.text).toMatch(/^path_not_allowed: /);
  });

  it('says which agents exist, and how to configure a command that is not on the PATH', async () => {
    const unknown = await clink({ agent: 'nope', prompt: 'Hi' });
    expect(unknown.result.isError).toBe(true);
    expect(unknown.text).toBe(
      'invalid_argument: No clink agent named "nope". Configured agents: broken, chatty, claude, codex, ' +
        'echo, editor, gemini, missing, piped, slow, structured. Add one under clink.agents in ' +
        'exai.config.json (see docs/configuration.md, "clink").',
    );
    const missing = await clink({ agent: 'missing', prompt: 'Hi' });
    expect(missing.text).toBe(
      'clink_command_not_found: clink agent "missing" runs "exai-no-such-agent-cli", which is not on ' +
        'the PATH of the exai server. Install that command-line agent, or set ' +
        'clink.agents.missing.command in exai.config.json to its absolute path (see ' +
        'docs/configuration.md, "clink").',
    );
    expect((await clink({ agent: 'echo', prompt: 'Hi', role: 'constructor' })).text).toMatch(
      /^invalid_argument: No clink role named "constructor"\./,
    );
    const role = await clink({ agent: 'echo', prompt: 'Hi', role: 'poet' });
    expect(role.text).toBe(
      'invalid_argument: No clink role named "poet". Roles: codereviewer, default, haiku, planner. ' +
        'Add one under clink.roles in exai.config.json.',
    );
  });

  it('reports a failing agent with the end of its stderr', async () => {
    const failed = await clink({ agent: 'broken', prompt: 'Hi' });
    expect(failed.result.isError).toBe(true);
    expect(failed.text).toMatch(
      /^clink_agent_failed: clink agent "broken" exited with code 3\. The end of its stderr:\n/,
    );
    expect(failed.text.endsWith('starting\nerror: the model quota is used up')).toBe(true);
    expect(failed.text.length).toBeLessThan(2_300);
  });

  it('stops an agent past its timeout, with the processes it started', async () => {
    const slow = await clink({ agent: 'slow', prompt: 'Hi' });
    expect(slow.result.isError).toBe(true);
    expect(slow.text).toBe(
      'clink_timeout: clink agent "slow" did not finish within 1 s and was stopped, with every process ' +
        'it started. Raise clink.agents.slow.timeoutInSeconds in exai.config.json, or ask for less.',
    );
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    let alive = true;
    for (let attempt = 0; attempt < 50 && alive; attempt += 1) {
      try {
        process.kill(grandchild, 0);
        await delay(100);
      } catch {
        alive = false;
      }
    }
    expect(alive).toBe(false);
  });

  it('stops an agent whose output passes the cap', async () => {
    const chatty = await clink({ agent: 'chatty', prompt: 'Hi' });
    expect(chatty.result.isError).toBe(true);
    expect(chatty.text).toMatch(/^clink_output_too_large: clink agent "chatty" wrote more than 4096 bytes/);
  });
});
