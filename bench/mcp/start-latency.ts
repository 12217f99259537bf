// (4) From spawning `exai serve` (stdio) to its initialize response and to its tools/list response,
// next to a bare `node` process answering one line on stdin: the floor any Node CLI pays.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { median } from '../support/measure.js';
import {
  cliPath,
  exaiEnvironment,
  exaiNodeArguments,
  initializeMessage,
  repositoryRoot,
  stopChild,
} from './exai-process.js';

export interface StartLatencyResult {
  initializeInMs: number;
  toolsListInMs: number;
  bareNodeInMs: number;
  /** Tools in the tools/list answer, as a sanity check. */
  toolCount: number;
}

const echoScript = `process.stdin.once('data', (d) => process.stdout.write(d));`;

/** One spawn; resolves with the time to each response line (ms since spawn). */
async function timeOneStart(
  upstreamUrl: string,
): Promise<{ initializeInMs: number; toolsListInMs: number; toolCount: number }> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...exaiNodeArguments, cliPath, 'serve'], {
    cwd: repositoryRoot,
    env: exaiEnvironment(upstreamUrl),
    stdio: ['pipe', 'pipe', 'ignore'],
  });
  const send = (message: unknown) => child.stdin!.write(`${JSON.stringify(message)}\n`);
  send(initializeMessage(1));
  const lines = createInterface({ input: child.stdout! });
  let initializeInMs = Number.NaN;
  try {
    for await (const line of lines) {
      const message = JSON.parse(line) as { id?: number; result?: { tools?: unknown[] }; error?: unknown };
      if (message.error !== undefined) throw new Error(`exai serve answered an error: ${line}`);
      if (message.id === 1) {
        initializeInMs = performance.now() - startedAt;
        send({ jsonrpc: '2.0', method: 'notifications/initialized' });
        send({ jsonrpc: '2.0', id: 2, method: 'tools/list' });
      } else if (message.id === 2) {
        const toolCount = message.result?.tools?.length ?? 0;
        return { initializeInMs, toolsListInMs: performance.now() - startedAt, toolCount };
      }
    }
    throw new Error('exai serve closed stdout before answering tools/list');
  } finally {
    lines.close();
    child.stdin!.end();
    await stopChild(child);
  }
}

async function timeBareNode(): Promise<number> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, ['-e', echoScript], { stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin!.write('{}\n');
  await new Promise<void>((resolve) => child.stdout!.once('data', () => resolve()));
  const elapsedInMs = performance.now() - startedAt;
  child.stdin!.end();
  await stopChild(child);
  return elapsedInMs;
}

export async function benchStartLatency({
  upstreamUrl,
  runs,
}: {
  upstreamUrl: string;
  runs: number;
}): Promise<StartLatencyResult> {
  await timeOneStart(upstreamUrl); // warm the page cache
  await timeBareNode();
  const initialize: number[] = [];
  const toolsList: number[] = [];
  const bare: number[] = [];
  let toolCount = 0;
  for (let run = 0; run < runs; run++) {
    const timing = await timeOneStart(upstreamUrl);
    initialize.push(timing.initializeInMs);
    toolsList.push(timing.toolsListInMs);
    toolCount = timing.toolCount;
    bare.push(await timeBareNode());
  }
  return {
    initializeInMs: median(initialize),
    toolsListInMs: median(toolsList),
    bareNodeInMs: median(bare),
    toolCount,
  };
}
