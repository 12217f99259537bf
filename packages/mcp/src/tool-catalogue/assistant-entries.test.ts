import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { describe, expect, it } from 'vitest';
import { createProviderRegistry, createMemorySessionStore } from '@exai/core';
import { createExaiServer } from '../mcp-server/create-exai-server.js';
import { assistantEntries } from './assistant-entries.js';
import { selectTools } from './select-tools.js';
import type { AnyExaiTool } from '../tools/define-tool.js';

/** Tokens (o200k_base) of the `tools/list` answer for these tools, as a client receives it. */
async function listedTokens(tools: readonly AnyExaiTool[]): Promise<number> {
  const server = createExaiServer(
    {
      registry: createProviderRegistry({ providers: [] }),
      store: createMemorySessionStore(),
      version: '0.0.0',
    },
    { tools },
  );
  const client = new Client({ name: 'measure', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  try {
    return countTokens(JSON.stringify((await client.listTools()).tools));
  } finally {
    await client.close();
  }
}

describe('assistant tools in the catalogue', () => {
  it('offers consensus and challenge from lean, the others from standard', () => {
    const names = (profile: 'lean' | 'standard' | 'full') =>
      selectTools({ profile }).tools.map((tool) => tool.name);
    expect(names('lean')).toEqual(expect.arrayContaining(['consensus', 'challenge']));
    expect(names('lean')).not.toEqual(expect.arrayContaining(['web_search']));
    for (const name of ['web_search', 'file_query', 'threads', 'status', 'apilookup']) {
      expect(names('lean')).not.toContain(name);
      expect(names('standard')).toContain(name);
    }
    expect(selectTools({ profile: 'full' }).loadErrors).toEqual([]);
  });

  it('keeps the seven schemas small', async () => {
    const tools = assistantEntries.map((entry) => entry.load());
    const leanOnes = assistantEntries
      .filter((entry) => entry.profile === 'lean')
      .map((entry) => entry.load());
    // 2,034 and 715 once consensus, web_search and file_query declared cut_off_at_tokens
    // (1,992 and 693 before): each budget keeps a little room, no more.
    expect(await listedTokens(tools)).toBeLessThan(2_050);
    expect(await listedTokens(leanOnes)).toBeLessThan(725);
  });
});
