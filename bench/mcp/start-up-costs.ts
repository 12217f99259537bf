// (5) Start-up costs in fresh processes: `node -e 0`, importing `@exai/core` and `@exai/providers`,
// and the CLI's `exai --version` against `exai chat` answering from the fake upstream. Each kind of
// process takes its turn in every round, so machine noise hits them alike; medians of the rounds.
import { spawn } from 'node:child_process';
import { median } from '../support/measure.js';
import {
  chatModel,
  chatPrompt,
  cliPath,
  exaiEnvironment,
  fakeUpstreamReply,
  repositoryRoot,
} from './exai-process.js';

export interface StartUpCostsResult {
  bareNodeInMs: number;
  importCoreInMs: number;
  importProvidersInMs: number;
  versionInMs: number;
  chatInMs: number;
  /** Median over rounds of `exai chat` divided by `exai --version` in the same round. */
  chatToVersion: number;
}

/** Spawns a process, waits for it to exit with 0 (its stdout containing `expect`), and returns the wall time. */
function timeProcess(args: string[], env: Record<string, string>, expect = ''): Promise<number> {
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      const elapsedInMs = performance.now() - startedAt;
      if (code !== 0 || !output.includes(expect)) {
        reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`));
      } else resolve(elapsedInMs);
    });
  });
}

export async function benchStartUpCosts({
  upstreamUrl,
  runs,
}: {
  upstreamUrl: string;
  runs: number;
}): Promise<StartUpCostsResult> {
  const env = exaiEnvironment(upstreamUrl);
  const kinds = {
    bareNode: () => timeProcess(['-e', '0'], env),
    importCore: () => timeProcess(['--input-type=module', '-e', "await import('@exai/core')"], env),
    importProviders: () => timeProcess(['--input-type=module', '-e', "await import('@exai/providers')"], env),
    version: () => timeProcess([cliPath, '--version'], env),
    chat: () => timeProcess([cliPath, 'chat', '-m', chatModel, chatPrompt], env, fakeUpstreamReply),
  };
  const samples: Record<keyof typeof kinds, number[]> = {
    bareNode: [],
    importCore: [],
    importProviders: [],
    version: [],
    chat: [],
  };
  for (const run of Object.values(kinds)) await run(); // warm the page cache
  for (let round = 0; round < runs; round++) {
    for (const [name, run] of Object.entries(kinds)) samples[name as keyof typeof kinds].push(await run());
  }
  return {
    bareNodeInMs: median(samples.bareNode),
    importCoreInMs: median(samples.importCore),
    importProvidersInMs: median(samples.importProviders),
    versionInMs: median(samples.version),
    chatInMs: median(samples.chat),
    chatToVersion: median(samples.chat.map((chat, index) => chat / samples.version[index]!)),
  };
}
