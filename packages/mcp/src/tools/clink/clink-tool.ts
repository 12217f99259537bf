import { z } from 'zod';
import { InvalidArgumentError, type TurnRecord } from '@exai/core';
import { loadThread } from '../../model-turn/load-thread.js';
import { continuationFields, continuationFooter } from '../../model-turn/continuation-footer.js';
import { startProgressHeartbeat } from '../../model-turn/progress-heartbeat.js';
import { defineTool } from '../define-tool.js';
import { withRemainingExchanges } from '../remaining-exchanges.js';
import { clinkPrompt } from './clink-prompt.js';
import {
  clinkAgents,
  clinkRoles,
  DEFAULT_CLINK_MAX_OUTPUT_BYTES,
  DEFAULT_CLINK_TIMEOUT_IN_SECONDS,
} from './clink-settings.js';
import { createClinkWorkspace } from './clink-workspace.js';
import { parseAgentOutput } from './parse-agent-output.js';
import { recordFailedClinkUsage } from './record-failed-clink-usage.js';
import { runAgentProcess } from './run-agent-process.js';
import { storeClinkTurn } from './store-clink-turn.js';

const clinkInputSchema = z.object({
  prompt: z.string().min(1).describe('What to ask, with the context the agent needs.'),
  agent: z.string().min(1).describe('A CLI agent: gemini, codex, claude, or one configured.'),
  role: z.string().optional().describe('default, planner, codereviewer, or a configured role.'),
  files: z.array(z.string()).optional().describe('Absolute paths of files or folders to copy in.'),
  continuation_id: z.string().min(1).optional().describe('Continue an earlier conversation.'),
});

/**
 * `clink`: hands a prompt to another AI command-line agent installed on the machine, in a
 * temporary folder holding copies of the files given, and returns its answer as a thread turn.
 */
export const clinkTool = defineTool({
  name: 'clink',
  title: 'Ask a command-line AI agent',
  description:
    'Hand a prompt, with files and a role, to another AI command-line agent on this machine ' +
    '(gemini, codex, claude, or one configured); it works on copies of the files. Returns its answer.',
  inputSchema: clinkInputSchema,
  annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true },
  async execute(input, context) {
    const { runtime } = context;
    const agents = clinkAgents(runtime.clink);
    const name = Object.keys(agents).find(
      (candidate) => candidate.toLowerCase() === input.agent.toLowerCase(),
    );
    const agent = name === undefined ? undefined : agents[name];
    if (name === undefined || agent === undefined) {
      throw new InvalidArgumentError({
        argument: 'agent',
        message:
          `No clink agent named "${input.agent}". Configured agents: ${Object.keys(agents).sort().join(', ')}. ` +
          'Add one under clink.agents in exai.config.json (see docs/configuration.md, "clink").',
      });
    }
    const roles = clinkRoles(runtime.clink);
    const roleName = input.role ?? 'default';
    const role = Object.hasOwn(roles, roleName) ? roles[roleName] : undefined;
    if (role === undefined) {
      throw new InvalidArgumentError({
        argument: 'role',
        message:
          `No clink role named "${roleName}". Roles: ${Object.keys(roles).sort().join(', ')}. ` +
          'Add one under clink.roles in exai.config.json.',
      });
    }
    const thread =
      input.continuation_id === undefined
        ? undefined
        : await loadThread(context, input.continuation_id, { toolName: 'clink' });

    const workspace = await createClinkWorkspace(
      context.files,
      input.files ?? [],
      earlierFiles(thread?.turns ?? []),
    );
    const heartbeat = startProgressHeartbeat(context, {
      message: `clink agent ${name} (${agent.command}) running`,
      intervalInMs: runtime.limits?.progressIntervalInMs,
    });
    const startedAt = performance.now();
    let started = false;
    let answer: string;
    try {
      const text = clinkPrompt({
        prompt: input.prompt,
        role,
        turns: thread?.turns ?? [],
        files: workspace.files,
      });
      const viaStdin = agent.promptInput === 'stdin';
      const stdout = await runAgentProcess({
        name,
        command: agent.command,
        args: viaStdin ? [...(agent.args ?? [])] : [...(agent.args ?? []), text],
        stdin: viaStdin ? text : undefined,
        cwd: workspace.directory,
        env: { ...process.env, ...agent.env },
        timeoutInSeconds: agent.timeoutInSeconds ?? DEFAULT_CLINK_TIMEOUT_IN_SECONDS,
        maxOutputBytes: agent.maxOutputBytes ?? DEFAULT_CLINK_MAX_OUTPUT_BYTES,
        signal: context.signal,
        onSpawn: () => {
          started = true;
        },
      });
      answer = parseAgentOutput(name, agent, stdout);
    } catch (error) {
      if (started) {
        await recordFailedClinkUsage(context, {
          agent: name,
          error,
          latencyInMs: Math.round(performance.now() - startedAt),
          threadId: input.continuation_id,
        });
      }
      throw error;
    } finally {
      heartbeat.stop();
      await workspace.remove();
    }
    const latencyInMs = Math.round(performance.now() - startedAt);

    const { threadId, notSaved } = await storeClinkTurn(context, {
      continuationId: input.continuation_id,
      agent: name,
      prompt: input.prompt,
      answer,
      files: workspace.sources,
      latencyInMs,
    });
    const skipped =
      workspace.skipped.length === 0
        ? ''
        : `Not copied: ${workspace.skipped.map((entry) => `${entry.path} (${entry.reason})`).join(', ')}\n\n`;
    const footer = continuationFooter(
      { threadId, model: `clink:${name}`, fallbacks: [], filesOmitted: [], notSaved },
      'clink (or any exai tool)',
    );
    return withRemainingExchanges(context, threadId, {
      text: `${answer}\n\n${skipped}${footer}`,
      structuredContent: {
        ...continuationFields({ threadId, notSaved }),
        agent: name,
        role: roleName,
        files: workspace.files,
        ...(workspace.skipped.length > 0 && { files_skipped: workspace.skipped }),
        latency_ms: latencyInMs,
      },
      ...(notSaved !== undefined && { notSaved: true }),
    });
  },
});

/** Paths of the files sent with earlier turns of the thread (by any tool), newest first. */
function earlierFiles(turns: readonly TurnRecord[]): string[] {
  const paths: string[] = [];
  for (let index = turns.length - 1; index >= 0; index -= 1) {
    const files = turns[index]?.metadata?.files;
    if (Array.isArray(files)) for (const path of files) if (typeof path === 'string') paths.push(path);
  }
  return paths;
}
