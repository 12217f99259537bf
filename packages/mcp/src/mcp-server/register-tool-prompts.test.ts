import { describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { selectTools } from '../tool-catalogue/select-tools.js';
import { createExaiServer, type CreateExaiServerOptions } from './create-exai-server.js';

async function connect(options: CreateExaiServerOptions): Promise<Client> {
  const server = createExaiServer(
    {
      registry: createProviderRegistry({ providers: [] }),
      store: createMemorySessionStore(),
      version: '0.0.0',
    },
    options,
  );
  const client = new Client({ name: 'prompts-test', version: '0.0.0' });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
  return client;
}

describe('tools offered as MCP prompts', () => {
  it('lists one prompt per tool of the active profile, with optional arguments', async () => {
    const client = await connect({ tools: selectTools({ profile: 'lean' }).tools });
    const { prompts } = await client.listPrompts();
    const names = prompts.map((prompt) => prompt.name);
    expect(names).toEqual(selectTools({ profile: 'lean' }).tools.map((tool) => tool.name));
    expect(names).not.toContain('codereview');
    const chat = prompts.find((prompt) => prompt.name === 'chat');
    expect(chat?.arguments).toEqual(
      expect.arrayContaining([
        {
          name: 'prompt',
          description: 'The question or request, with all the context the model needs.',
          required: false,
        },
      ]),
    );
    await client.close();
  });

  it('returns text that asks to call the tool with the arguments given', async () => {
    const client = await connect({ tools: selectTools({ profile: 'full' }).tools });
    const result = await client.getPrompt({
      name: 'codereview',
      arguments: { step: 'Review the auth module', relevant_files: '/repo/src/auth.ts' },
    });
    const message = result.messages[0];
    expect(message?.role).toBe('user');
    const text = message?.content.type === 'text' ? message.content.text : '';
    expect(text).toContain('Call the exai tool `codereview`');
    expect(text).toContain('- step: Review the auth module');
    expect(text).toContain('- relevant_files: /repo/src/auth.ts');
    await client.close();
  });

  it('offers no prompts when asked not to', async () => {
    const client = await connect({ tools: selectTools({ profile: 'lean' }).tools, prompts: false });
    expect(client.getServerCapabilities()?.prompts).toBeUndefined();
    await client.close();
  });
});
