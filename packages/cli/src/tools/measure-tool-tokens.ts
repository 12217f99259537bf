import {
  createExaiServer,
  selectTools,
  toolProfiles,
  type AnyExaiTool,
  type ToolLoadError,
  type ToolProfile,
} from '@exai/mcp';
import { createMemorySessionStore, createProviderRegistry } from '@exai/core';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { CLI_VERSION } from '../version.js';

/**
 * The most tokens the `tools/list` answer of a profile may cost. Every client sends these schemas
 * to its model on every request, so they are kept small. `standard` has no budget of its own.
 */
export const toolTokenBudgets: Readonly<Partial<Record<ToolProfile, number>>> = {
  lean: 3_000,
  full: 12_000,
};

export interface ToolTokenMeasurement {
  toolCount: number;
  /** Tokens of `JSON.stringify(tools)`, the `tools` array a client receives, in o200k_base. */
  tokens: number;
  characters: number;
}

export interface ProfileTokenMeasurement extends ToolTokenMeasurement {
  profile: ToolProfile;
  /** Undefined when the profile has no budget. */
  budget: number | undefined;
  withinBudget: boolean | undefined;
  loadErrors: ToolLoadError[];
}

/** The `tools` array exactly as an MCP client lists it from a server offering `tools`. */
export async function listToolsAsClient(tools: readonly AnyExaiTool[]): Promise<Tool[]> {
  const store = createMemorySessionStore();
  // A registry without providers: listing tools must never reach a model.
  const server = createExaiServer(
    { registry: createProviderRegistry({ providers: [] }), store, version: CLI_VERSION },
    { tools },
  );
  const client = new Client({ name: 'exai-tools', version: CLI_VERSION });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  try {
    await Promise.all([server.connect(serverTransport), client.connect(clientTransport)]);
    const listed: Tool[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor === undefined ? undefined : { cursor });
      listed.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    return listed;
  } finally {
    await client.close();
    await server.close();
    await store.close();
  }
}

/** Counts the tokens a client's model pays for the `tools/list` answer of these tools. */
export async function measureToolTokens(tools: readonly AnyExaiTool[]): Promise<ToolTokenMeasurement> {
  const listed = await listToolsAsClient(tools);
  const text = JSON.stringify(listed);
  return { toolCount: listed.length, tokens: countTokens(text), characters: text.length };
}

/** Measures every profile (`lean`, `standard`, `full`) as shipped, against its budget. */
export async function measureProfileTokens(): Promise<ProfileTokenMeasurement[]> {
  const measurements: ProfileTokenMeasurement[] = [];
  for (const profile of toolProfiles) {
    const { tools, loadErrors } = selectTools({ profile });
    const measured = await measureToolTokens(tools);
    const budget = toolTokenBudgets[profile];
    measurements.push({
      profile,
      ...measured,
      budget,
      withinBudget: budget === undefined ? undefined : measured.tokens < budget,
      loadErrors,
    });
  }
  return measurements;
}
