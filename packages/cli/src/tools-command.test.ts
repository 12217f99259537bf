import { selectTools } from '@exai/mcp';
import { describe, expect, it } from 'vitest';
import { runCli } from './program.js';
import { measureProfileTokens } from './tools/measure-tool-tokens.js';

async function exai(argv: string[], env: Record<string, string> = {}) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: {
      HOME: '/nonexistent',
      XDG_CONFIG_HOME: '/nonexistent/config',
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      ...env,
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

const names = (profile: 'lean' | 'standard' | 'full') =>
  selectTools({ profile }).tools.map((tool) => tool.name);

describe('exai tools', () => {
  it('lists the tools of the profile from --profile, else EXAI_TOOL_PROFILE, else standard', async () => {
    const standard = await exai(['tools']);
    expect(standard.code).toBe(0);
    expect(standard.stdout).toMatch(/^profile standard: \d+ tools\nNAME\s+TITLE\s+DESCRIPTION\n/);
    for (const name of names('standard')) expect(standard.stdout).toMatch(new RegExp(`^${name}\\s`, 'm'));
    // One line per tool, whatever the length of its description.
    expect(standard.stdout.trim().split('\n')).toHaveLength(2 + names('standard').length);

    const lean = JSON.parse((await exai(['tools', '--json'], { EXAI_TOOL_PROFILE: 'lean' })).stdout);
    expect(lean.profile).toBe('lean');
    expect(lean.tools.map((tool: { name: string }) => tool.name)).toEqual(names('lean'));
    expect(lean.tools[0]).toEqual({
      name: expect.any(String),
      title: expect.any(String),
      description: expect.any(String),
    });

    const full = JSON.parse(
      (await exai(['tools', '--profile', 'full', '--json'], { EXAI_TOOL_PROFILE: 'lean' })).stdout,
    );
    expect(full.tools.map((tool: { name: string }) => tool.name)).toEqual(names('full'));
  });

  it('applies EXAI_TOOLS_ENABLED and EXAI_TOOLS_DISABLED, and names a bad entry', async () => {
    const [first, ...rest] = names('lean');
    const selected = JSON.parse(
      (await exai(['tools', '--profile', 'lean', '--json'], { EXAI_TOOLS_DISABLED: String(first) })).stdout,
    );
    expect(selected.tools.map((tool: { name: string }) => tool.name)).toEqual(rest);

    const unknown = await exai(['tools'], { EXAI_TOOLS_ENABLED: 'no-such-tool' });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('EXAI_TOOLS_ENABLED');
    expect(unknown.stderr).toContain('no-such-tool');

    const badProfile = await exai(['tools', '--profile', 'huge']);
    expect(badProfile.code).toBe(2);
    expect(badProfile.stderr).toContain('use lean, standard or full');
  });

  it('measures the tools/list tokens of every profile against its budget', async () => {
    const expected = await measureProfileTokens();
    const json = JSON.parse((await exai(['tools', '--tokens', '--json'])).stdout);
    expect(json.tokens.encoding).toBe('o200k_base');
    expect(json.tokens.profiles).toEqual(
      expected.map(({ loadErrors: _ignored, ...measurement }) => measurement),
    );
    expect(json.tokens.profiles.map((m: { profile: string }) => m.profile)).toEqual([
      'lean',
      'standard',
      'full',
    ]);

    const text = await exai(['tools', '--tokens']);
    expect(text.code).toBe(0);
    const lean = expected[0]!;
    expect(text.stdout).toMatch(
      new RegExp(
        `^lean\\s+${lean.toolCount}\\s+${lean.tokens.toLocaleString('en-US')}\\s+< 3,000\\s+yes$`,
        'm',
      ),
    );
    expect(text.stdout).toMatch(/^full\s+\d+\s+[\d,]+\s+< 12,000\s+yes$/m);
    expect(text.stdout).toMatch(/^standard \*\s+\d+\s+[\d,]+\s+-\s+-$/m);
  });

  it('measures a customised selection on its own row', async () => {
    const [first] = names('standard');
    const json = JSON.parse(
      (await exai(['tools', '--tokens', '--json'], { EXAI_TOOLS_DISABLED: String(first) })).stdout,
    );
    expect(json.tokens.selected.toolCount).toBe(names('standard').length - 1);
    const text = await exai(['tools', '--tokens'], { EXAI_TOOLS_DISABLED: String(first) });
    expect(text.stdout).toMatch(/^selected \*\s+\d+/m);
  });
});
