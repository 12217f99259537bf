import { emitTelemetry } from '@exai/core';
import type { AnyExaiTool, ToolResult } from '../tools/define-tool.js';
import type { ToolContext } from '../tools/tool-context.js';
import type { ResponseCache } from './response-cache.js';
import { fileFingerprints, responseCacheKey } from './response-cache-key.js';
import { singleFlight, type FlightEntry } from './cache-single-flight.js';

/** A tool's result, and when it came from the response cache, how old it is. */
export interface ToolRun {
  result: ToolResult;
  /** Set when the result came from the cache: its age, and when it was stored (epoch ms). */
  cacheHit?: { ageInMs: number; storedAt: number };
}

/**
 * Runs a tool, through the response cache when the runtime has one that serves the tool and the
 * call starts afresh (no `continuation_id`). A hit returns the stored result without running the
 * tool; a miss runs it and stores what it returned. An identical call that arrives while the first
 * runs (in this process) waits for it and is answered as a hit (see `joinFlight`). Every failure of
 * the cache itself (a key that cannot be made, a backend that cannot be reached) is logged and the
 * call goes through uncached.
 */
export async function runCachedTool(
  tool: AnyExaiTool,
  input: unknown,
  context: ToolContext,
): Promise<ToolRun> {
  const cache = context.runtime.responseCache;
  if (cache === undefined || !cache.serves(tool) || continues(input)) {
    return { result: await tool.execute(input, context) };
  }
  const key = await keyOf(cache, tool, input, context);
  if (key === undefined) return { result: await tool.execute(input, context) };

  const lookup = (outcome: 'hit' | 'miss') =>
    emitTelemetry({ type: 'cache-lookup', tool: tool.name, outcome, tenantId: context.tenantId });
  const hitOf = (entry: FlightEntry): ToolRun => ({
    result: entry.result,
    cacheHit: { ageInMs: Math.max(0, cache.now() - entry.storedAt), storedAt: entry.storedAt },
  });
  // The same call already running in this process is waited for rather than asked again.
  return singleFlight(cache, key, context.signal, {
    joined(entry) {
      lookup('hit');
      return hitOf(entry);
    },
    async call() {
      const found = await guarded(context, `read ${tool.name}`, () => cache.backend.get(key));
      if (found !== undefined && cache.now() - found.storedAt <= cache.ttlInMs) {
        lookup('hit');
        return { value: hitOf(found), stored: found };
      }
      lookup('miss');
      const result = await tool.execute(input, context);
      // An answer that could not be stored says so in its text: not one to give again.
      if (
        result.notSaved === true ||
        tool.responseCache?.keep?.(result) === false ||
        sizeOf(result) > cache.maxEntryBytes
      )
        return { value: { result }, stored: undefined };
      const entry = { result, storedAt: cache.now() };
      await guarded(context, `store ${tool.name}`, () => cache.backend.set(key, entry, cache.ttlInMs));
      return { value: { result }, stored: entry };
    },
  });
}

function continues(input: unknown): boolean {
  const continuation = (input as { continuation_id?: unknown } | undefined)?.continuation_id;
  return continuation !== undefined && continuation !== '';
}

async function keyOf(
  cache: ResponseCache,
  tool: AnyExaiTool,
  input: unknown,
  context: ToolContext,
): Promise<string | undefined> {
  const declared = tool.responseCache;
  if (declared === undefined) return undefined;
  try {
    return responseCacheKey({
      namespace: cache.namespace,
      version: context.runtime.version,
      tenantId: context.tenantId,
      tool: tool.name,
      input,
      models: declared.models(input, context),
      prompts: declared.prompts,
      locale: context.runtime.locale,
      files: await fileFingerprints(context.files, declared.files(input)),
    });
  } catch {
    // The tool meets the same problem (an unknown model, a file outside the roots) and reports it.
    return undefined;
  }
}

async function guarded<T>(
  context: ToolContext,
  what: string,
  action: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    context.log(
      `exai: response cache: could not ${what} (${error instanceof Error ? error.message : String(error)}); ` +
        'the call goes through uncached',
    );
    return undefined;
  }
}

function sizeOf(result: ToolResult): number {
  return Buffer.byteLength(JSON.stringify(result));
}
