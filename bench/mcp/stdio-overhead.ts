// (1) A `chat` tool call through `exai serve` over stdio, against the same model called directly
// from the bench process the way `chat` calls it: without a progress token `chat` makes one plain
// request (`doGenerate`); with one it streams (`doStream`, read to the end) and sends progress.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { createKimi } from '@exai/providers';
import { median, runLoad, summarize, type Summary } from '../support/measure.js';
import {
  chatModel,
  chatPrompt,
  cliPath,
  exaiEnvironment,
  exaiNodeArguments,
  kimiModelId,
  repositoryRoot,
} from './exai-process.js';

export interface Latency {
  p50InMs: number;
  p99InMs: number;
}

export interface StdioPair {
  direct: Latency;
  stdio: Latency;
  /** Per round: stdio p50 minus direct p50 of the same round. */
  addedP50PerRoundInMs: number[];
}

export interface StdioOverheadResult {
  /** No progress token: `chat` against `doGenerate`. */
  plain: StdioPair;
  /** With a progress token: `chat` (streaming, sending progress) against `doStream`. */
  progress: StdioPair;
}

const latency = (rounds: readonly Summary[]): Latency => ({
  p50InMs: median(rounds.map((round) => round.p50InMs)),
  p99InMs: median(rounds.map((round) => round.p99InMs)),
});

const pair = (direct: readonly Summary[], stdio: readonly Summary[]): StdioPair => ({
  direct: latency(direct),
  stdio: latency(stdio),
  addedP50PerRoundInMs: stdio.map((round, index) => round.p50InMs - direct[index]!.p50InMs),
});

export async function benchStdioOverhead({
  upstreamUrl,
  rounds,
  callsPerRound,
  warmupCalls,
}: {
  upstreamUrl: string;
  rounds: number;
  callsPerRound: number;
  warmupCalls: number;
}): Promise<StdioOverheadResult> {
  const model = createKimi({ apiKey: 'x', baseURL: `${upstreamUrl}/v1` })(kimiModelId);
  const prompt = [{ role: 'user' as const, content: chatPrompt }];
  async function directGenerate(): Promise<string> {
    return (await model.doGenerate({ prompt })).text;
  }
  async function directStream(): Promise<string> {
    const { stream } = await model.doStream({ prompt });
    let text = '';
    for await (const part of stream) {
      if (part.type === 'text-delta') text += part.delta;
      else if (part.type === 'error') throw part.error;
    }
    return text;
  }

  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [...exaiNodeArguments, cliPath, 'serve'],
    cwd: repositoryRoot,
    env: exaiEnvironment(upstreamUrl),
    // Piped and drained, as MCP clients do with a server's log.
    stderr: 'pipe',
  });
  transport.stderr?.on('data', () => {});
  const client = new Client({ name: 'exai-bench', version: '0.0.0' });
  await client.connect(transport);
  try {
    async function chat(withProgress: boolean): Promise<string> {
      const result = await client.callTool(
        { name: 'chat', arguments: { prompt: chatPrompt, model: chatModel } },
        undefined,
        // An `onprogress` handler makes the client send a progress token.
        withProgress ? { onprogress: () => {} } : undefined,
      );
      const content = result.content as Array<{ type: string; text?: string }>;
      if (result.isError) throw new Error(`chat failed: ${content[0]?.text}`);
      return content[0]?.text ?? '';
    }
    const chatPlain = () => chat(false);
    const chatWithProgress = () => chat(true);

    // Every path must get the same answer from the upstream.
    const expected = await directGenerate();
    const answers = [await directStream(), await chatPlain(), await chatWithProgress()];
    if (expected === '' || answers[0] !== expected || !answers.slice(1).every((a) => a.startsWith(expected)))
      throw new Error('the stdio chat calls and the direct calls disagree');

    const paths = [directGenerate, chatPlain, directStream, chatWithProgress];
    for (const call of paths) await runLoad(call, { total: warmupCalls, concurrency: 1 });

    const measured: Summary[][] = paths.map(() => []);
    for (let round = 0; round < rounds; round++) {
      for (const [index, call] of paths.entries())
        measured[index]!.push(summarize(await runLoad(call, { total: callsPerRound, concurrency: 1 })));
    }
    return {
      plain: pair(measured[0]!, measured[1]!),
      progress: pair(measured[2]!, measured[3]!),
    };
  } finally {
    await client.close();
  }
}
