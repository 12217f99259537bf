import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { FakeUpstream } from '@exai/testkit';
import { createFileService } from '@exai/core';
import { createTemporaryTree, type TemporaryTree } from '@exai/core/test';
import type { SessionStoreV1 } from '@exai/core';
import type { AnyExaiTool } from '../define-tool.js';
import { connectToolHarness } from '../tool-test-helpers.js';

/** An MCP client connected in memory to a server whose only allowed root is a fresh temporary folder. */
export interface WorkflowHarness {
  client: Client;
  store: SessionStoreV1;
  tree: TemporaryTree;
  close(): Promise<void>;
}

export async function createWorkflowHarness(
  upstream: FakeUpstream,
  tools: readonly AnyExaiTool[],
): Promise<WorkflowHarness> {
  const tree = await createTemporaryTree();
  const harness = await connectToolHarness(upstream, {
    providers: ['kimi'],
    tools,
    runtime: { files: createFileService({ allowedRoots: [tree.base] }) },
  });
  return {
    client: harness.client,
    store: harness.store,
    tree,
    async close() {
      await harness.close();
      await tree.remove();
    },
  };
}

export function textOf(result: object): string {
  const content = (result as { content?: Array<{ type: string; text?: string }> }).content ?? [];
  return content.map((part) => part.text ?? '').join('');
}

export function structuredOf(result: object): Record<string, unknown> & { continuation_id: string } {
  return (result as { structuredContent: Record<string, unknown> & { continuation_id: string } })
    .structuredContent;
}

/** The chat completion requests the fake upstream received, as the model saw them. */
export function chatRequests(upstream: FakeUpstream) {
  return upstream.requests
    .filter((request) => request.path.endsWith('/chat/completions'))
    .map((request) => request.body as { model: string; messages: Array<{ role: string; content: string }> });
}
