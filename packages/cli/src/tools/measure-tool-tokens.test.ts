import { selectTools, toolCatalogue } from '@exai/mcp';
import { describe, expect, it } from 'vitest';
import { listToolsAsClient, measureProfileTokens, measureToolTokens } from './measure-tool-tokens.js';

describe('tool schema token budgets', () => {
  it('keeps lean under 3,000 and full under 12,000 tokens of tools/list', async () => {
    const measurements = await measureProfileTokens();
    const byProfile = Object.fromEntries(measurements.map((m) => [m.profile, m]));
    expect(byProfile.lean?.tokens).toBeLessThan(3_000);
    expect(byProfile.full?.tokens).toBeLessThan(12_000);
    expect(measurements.map((m) => [m.profile, m.withinBudget])).toEqual([
      ['lean', true],
      ['standard', undefined],
      ['full', true],
    ]);
    // A tool that fails to load would be left out of the count and make it look smaller.
    expect(measurements.flatMap((m) => m.loadErrors)).toEqual([]);
    expect(byProfile.full?.toolCount).toBe(toolCatalogue.length);
  });

  it('measures exactly what a client lists', async () => {
    const { tools } = selectTools({ profile: 'lean' });
    const listed = await listToolsAsClient(tools);
    expect(listed.map((tool) => tool.name)).toEqual(tools.map((tool) => tool.name));
    expect(listed[0]).toMatchObject({ name: tools[0]?.name, inputSchema: { type: 'object' } });
    const measured = await measureToolTokens(tools);
    expect(measured.characters).toBe(JSON.stringify(listed).length);
    // More tools can only cost more.
    const fewer = await measureToolTokens(tools.slice(0, 1));
    expect(fewer.tokens).toBeGreaterThan(0);
    expect(measured.tokens).toBeGreaterThan(fewer.tokens);
  });
});
