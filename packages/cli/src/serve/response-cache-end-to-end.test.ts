import { existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/exai.js', import.meta.url));
const built = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

let upstream: FakeUpstream;
let project: string;

beforeAll(async () => {
  if (!existsSync(built)) throw new Error(`${built} is missing: run \`npm run build\` before these tests.`);
  upstream = await createFakeUpstream();
  project = realpathSync(mkdtempSync(join(tmpdir(), 'exai-cache-')));
  writeFileSync(join(project, 'retry.ts'), 'export const attempts = 3;\n');
});
afterAll(async () => {
  await upstream.close();
  rmSync(project, { recursive: true, force: true });
});
beforeEach(() => upstream.reset());

async function serve(env: Record<string, string>): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [bin, 'serve'],
    cwd: project,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: project,
      NO_COLOR: '1',
      EXAI_STORE: 'memory',
      EXAI_ALLOWED_ROOTS: project,
      KIMI_API_KEY: 'test-key',
      KIMI_BASE_URL: `${upstream.url}/v1`,
      ...env,
    },
    stderr: 'pipe',
  });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const client = new Client({ name: 'cache-e2e', version: '1.0.0' });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}

const chatRequests = () => upstream.requests.filter((request) => request.path.endsWith('/chat/completions'));
const ask = { name: 'chat', arguments: { prompt: 'Are 3 attempts enough?', model: 'kimi-k2' } };

describe('exai serve with the response cache', () => {
  it('asks the model for every call while the cache is off (the default)', async () => {
    const { client } = await serve({});
    try {
      await client.callTool(ask);
      await client.callTool(ask);
      expect(chatRequests()).toHaveLength(2);
    } finally {
      await client.close();
    }
  });

  it('answers the second identical call from the cache when EXAI_CACHE_ENABLED and EXAI_CACHE_TOOLS name chat', async () => {
    const { client, stderr } = await serve({ EXAI_CACHE_ENABLED: 'true', EXAI_CACHE_TOOLS: 'chat' });
    try {
      const withFile = { ...ask, arguments: { ...ask.arguments, files: [join(project, 'retry.ts')] } };
      const first = await client.callTool(withFile);
      const second = await client.callTool(withFile);
      expect(chatRequests()).toHaveLength(1);
      expect(second.content).toEqual(first.content);
      expect(second._meta?.['exai/cache']).toMatchObject({ hit: true });
      writeFileSync(join(project, 'retry.ts'), 'export const attempts = 5;\n');
      await client.callTool(withFile);
      expect(chatRequests()).toHaveLength(2);
      expect(stderr()).toContain('response cache on (memory, TTL 10m): chat');
    } finally {
      await client.close();
    }
  });

  it('serves uncached, and says so, when the Redis backend cannot be reached', async () => {
    const { client, stderr } = await serve({
      EXAI_CACHE_ENABLED: 'true',
      EXAI_CACHE_TOOLS: 'chat',
      EXAI_CACHE_BACKEND: 'redis',
      EXAI_REDIS_URL: 'redis://127.0.0.1:1',
    });
    try {
      const first = await client.callTool(ask);
      await client.callTool(ask);
      expect(first.isError).not.toBe(true);
      expect(chatRequests()).toHaveLength(2);
      expect(stderr()).toMatch(/response cache: Redis at redis:\/\/127\.0\.0\.1:1 is unreachable/);
    } finally {
      await client.close();
    }
  });
});
