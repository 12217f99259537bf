import type * as Mcp from '@exai/mcp';
import { describe, expect, it, vi } from 'vitest';
import { runCli } from './program.js';

// A catalogue with one tool whose module fails to load, as a broken build or dependency would.
vi.mock('@exai/mcp', async (importOriginal) => {
  const mcp = await importOriginal<typeof Mcp>();
  const catalogue: Mcp.ToolCatalogueEntry[] = [
    ...mcp.toolCatalogue,
    {
      name: 'broken',
      profile: 'lean',
      load: () => {
        throw new Error('cannot find module ./broken-tool.js');
      },
    },
  ];
  return {
    ...mcp,
    selectTools: (options: Mcp.SelectToolsOptions = {}) => mcp.selectTools({ ...options, catalogue }),
    selectToolsFromEnvironment: (
      env: Record<string, string | undefined>,
      options: { profile?: string } = {},
    ) => mcp.selectToolsFromEnvironment(env, { ...options, catalogue }),
  };
});

async function exai(argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli({
    argv,
    env: {
      HOME: '/nonexistent',
      XDG_CONFIG_HOME: '/nonexistent/config',
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      OLLAMA_BASE_URL: 'http://127.0.0.1:1/v1',
    },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

describe('a tool that fails to load', () => {
  it('is reported by exai tools, which exits 1', async () => {
    const listed = await exai(['tools']);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toContain('chat');
    expect(listed.stderr).toContain('tool broken failed to load: cannot find module ./broken-tool.js');

    const json = await exai(['tools', '--tokens', '--json']);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout).loadErrors).toEqual([
      { name: 'broken', message: 'cannot find module ./broken-tool.js' },
    ]);
    // Reported once, though every profile asked for it.
    expect(json.stderr.match(/failed to load/g)).toHaveLength(1);
  });

  it('fails the tools check of exai doctor', async () => {
    const doctor = await exai(['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const tools = JSON.parse(doctor.stdout).checks.find((check: { name: string }) => check.name === 'tools');
    expect(tools).toMatchObject({ status: 'fail', detail: expect.stringContaining('broken failed to load') });
    expect(tools.fix).toContain('EXAI_TOOLS_DISABLED');
  });
});
