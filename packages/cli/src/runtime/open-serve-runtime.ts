import { allowedRootsFromEnvironment } from '@exai/core/internal';
import { checkAllowedRoots } from '../doctor/check-environment.js';
import { baseURLProblem } from '../doctor/check-providers.js';
import { createFileService, providerFilesLookup, startExpirySweep, withStoreTelemetry } from '@exai/core';
import { selectToolsFromEnvironment, type AnyExaiTool, type ExaiRuntime } from '@exai/mcp';
import { describeStoreSpec, openSessionStore, parseStoreSpec } from '@exai/storage';
import type { CliContext } from '../commands/cli-context.js';
import { createExaiLogger, lineLoggerOf } from '@exai/server/logging';
import { createBatchedLineWriter } from '../output/batched-line-writer.js';
import { clinkSettings } from './clink-settings.js';
import { describeProviderFiles } from '../output/describe-provider-files.js';
import { logLevelOf } from './log-settings.js';
import { conversationLimits } from './conversation-limits.js';
import { retentionPolicy } from '../config/retention-config.js';
import { describeSweep } from './describe-sweep.js';
import { toolSettings } from './tool-settings.js';
import { openResponseCache } from './open-response-cache.js';
import { CLI_VERSION } from '../version.js';

export interface ServeRuntimeOptions {
  /** `--profile`; wins over `EXAI_TOOL_PROFILE`. */
  profile?: string;
  /** The directory relative paths and the default allowed root resolve against. Default `process.cwd()`. */
  cwd?: string;
}

export interface ServeRuntime {
  runtime: ExaiRuntime;
  /** The config file's settings, for what the caller wires itself (`metrics`). */
  config: Awaited<ReturnType<CliContext['runtime']>>['config'];
  tools: AnyExaiTool[];
  /** Human description of the store, for the start-up line. */
  storeDescription: string;
  log(line: string): void;
  /** Writes pending log lines now (they are otherwise written at the end of each event-loop turn). */
  flushLog(): void;
  close(): Promise<void>;
}

/**
 * What `exai serve` (stdio or HTTP) runs on: the providers, the session store with its expiry
 * sweep, the FileService over the allowed roots, and the selected tools. Logs go to stderr.
 */
export async function openServeRuntime(
  context: CliContext,
  { profile, cwd = process.cwd() }: ServeRuntimeOptions = {},
): Promise<ServeRuntime> {
  const writer = createBatchedLineWriter(context.stderr);
  const selection = selectToolsFromEnvironment(context.env, { ...(profile !== undefined && { profile }) });
  const cli = await context.runtime();
  // One pino logger on stderr (never stdout: under stdio it carries the protocol), JSON lines, or
  // readable ones on a terminal; every `(line) => void` callback of exai feeds it.
  const logger = createExaiLogger({
    level: logLevelOf(cli.config, context.env),
    pretty: context.stderr.isTTY === true,
    destination: { write: (text: string) => writer.write(text.endsWith('\n') ? text.slice(0, -1) : text) },
  });
  const log = lineLoggerOf(logger);
  const limits = conversationLimits(cli.config, context.env);
  const settings = toolSettings(cli.config, context.env);
  for (const warning of cli.warnings) log(`exai: warning: ${warning}`);
  for (const status of cli.providers) {
    const problem = baseURLProblem(status, { config: cli.config, env: context.env });
    if (problem !== undefined)
      log(`exai: warning: ${problem.detail}; calls to ${status.id} fail until it is fixed`);
  }
  for (const failure of selection.loadErrors)
    log(`exai: warning: tool ${failure.name} failed to load: ${failure.message}`);
  // The same check as `exai doctor`: a root that does not exist leaves tools nothing to read there.
  const roots = checkAllowedRoots(context.env, cwd);
  if (roots.status !== 'ok') {
    const source = context.env.EXAI_ALLOWED_ROOTS?.trim() ? 'EXAI_ALLOWED_ROOTS' : 'the working directory';
    log(`exai: warning: ${source}: ${roots.detail}; tools cannot read files there (${roots.fix ?? ''})`);
  }
  writer.flush();

  const flag = context.globalOptions().store;
  const spec = parseStoreSpec(flag ?? context.env.EXAI_STORE, {
    env: context.env,
    source: flag === undefined ? 'EXAI_STORE' : '--store',
  });
  const retention = retentionPolicy(cli.config, context.env);
  // Timed for /metrics and traced for OpenTelemetry; a direct call while neither is on.
  const store = withStoreTelemetry(await openSessionStore(spec));
  const sweep = startExpirySweep({
    store,
    retention,
    filesFor: providerFilesLookup(cli.registry),
    onSweep: (result) => {
      const line = describeSweep(result);
      if (line !== undefined) log(`exai: expiry sweep deleted ${line}`);
      const files = describeProviderFiles(result.providerFiles);
      if (files !== undefined) log(`exai: expiry sweep: ${files}`);
    },
    onError: (error) => log(`exai: expiry sweep failed: ${String(error)}`),
  });
  const files = createFileService({ allowedRoots: allowedRootsFromEnvironment(context.env, cwd) });
  // Off unless `cache.enabled` / EXAI_CACHE_ENABLED (docs/caching.md).
  let cache;
  try {
    cache = await openResponseCache({ config: cli.config, env: context.env, providers: cli.providers, log });
  } catch (error) {
    await sweep.stop();
    await store.close();
    throw error;
  }
  if (cache !== undefined) log(`exai: ${cache.description}`);
  const runtime: ExaiRuntime = {
    registry: cli.registry,
    store,
    version: CLI_VERSION,
    logger: log,
    limits,
    ...settings,
    ...clinkSettings(cli.config),
    ...(cli.configSource !== undefined && { toolModelsSource: cli.configSource }),
    files,
    transport: cli.transport,
    providers: cli.providers.map(({ id, baseURL, apiKey, apiKeyEnvironmentVariables }) => ({
      id,
      baseURL,
      apiKey,
      apiKeyEnvironmentVariables,
    })),
    toolProfile: selection.profile,
    toolLoadErrors: selection.loadErrors,
    ...(cache !== undefined && { responseCache: cache.cache }),
  };
  return {
    runtime,
    tools: selection.tools,
    storeDescription: describeStoreSpec(spec),
    config: cli.config,
    log,
    async close() {
      await sweep.stop();
      await cache?.cache.close();
      await store.close();
      await cli.close();
      writer.flush();
    },
    flushLog: () => writer.flush(),
  };
}
