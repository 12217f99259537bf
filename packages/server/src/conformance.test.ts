import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createFakeUpstream, type FakeUpstream } from '@exai/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-helpers/start-test-server.js';

const conformanceCli = fileURLToPath(
  new URL('../../../node_modules/@modelcontextprotocol/conformance/dist/index.js', import.meta.url),
);
const baseline = fileURLToPath(new URL('../conformance-baseline.yml', import.meta.url));

let upstream: FakeUpstream;
let server: TestServer;

beforeAll(async () => {
  if (!existsSync(conformanceCli))
    throw new Error(`${conformanceCli} is missing: run \`npm install\` at the repository root.`);
  upstream = await createFakeUpstream();
  server = await startTestServer(upstream);
});
afterAll(async () => {
  await server?.serving.close();
  await upstream?.close();
});

function runConformance(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [conformanceCli, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
      resolve({ code, output: `${stdout}\n${stderr}` });
    });
  });
}

describe('the official MCP conformance suite against serveHttp', () => {
  it('passes every scenario outside the baseline of reference-server fixtures', async () => {
    const { code, output } = await runConformance([
      'server',
      '--url',
      server.serving.url,
      '--expected-failures',
      baseline,
    ]);
    expect(code, output).toBe(0);
    expect(output).toContain('Baseline check passed');
    // Checks that apply to any server: they must pass, never be baselined.
    for (const scenario of [
      'server-initialize',
      'ping',
      'logging-set-level',
      'tools-list',
      'tools-call-error',
      'server-sse-multiple-streams',
      'dns-rebinding-protection',
    ]) {
      expect(output, scenario).toMatch(new RegExp(`✓ ${scenario}: \\d+ passed, 0 failed`));
    }
  });
});
