import type { LanguageModelV1CallOptions } from '../language-model/v1/language-model-v1-call-options.js';
import type {
  LanguageModelV1StreamPart,
  LanguageModelV1StreamResult,
} from '../language-model/v1/language-model-v1-stream-part.js';
import { callWithFallback } from './call-with-fallback.js';
import type { ChainEntry } from './chain-entry.js';
import type { RegistryStreamResult, ResolvedModel } from './provider-registry.js';

type Part = LanguageModelV1StreamPart;

/** Parts that carry no content: reading past them is still "before the first byte" for the caller. */
function isPreamble(part: Part): boolean {
  return part.type === 'stream-start' || part.type === 'response-metadata';
}

interface Peeked {
  /** The parts read so far, preamble first, ending with the first content part if any. */
  head: Part[];
  done: boolean;
  failure: { error: unknown } | undefined;
}

/** Reads up to and including the first content part, stopping early at an error or the end. */
async function peek(iterator: AsyncIterator<Part>): Promise<Peeked> {
  const head: Part[] = [];
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return { head, done: true, failure: undefined };
      if (next.value.type === 'error') return { head, done: false, failure: { error: next.value.error } };
      head.push(next.value);
      if (!isPreamble(next.value)) return { head, done: false, failure: undefined };
    }
  } catch (error) {
    return { head, done: true, failure: { error } };
  }
}

async function closeQuietly(iterator: AsyncIterator<Part>): Promise<void> {
  try {
    await iterator.return?.();
  } catch {
    // The stream failed already; closing it is best effort.
  }
}

/**
 * Yields the peeked parts, then the rest. Ending the iteration early closes the upstream stream;
 * an iterator that throws is turned into an `error` part, as the stream contract asks.
 */
async function* replay(head: Part[], iterator: AsyncIterator<Part>, done: boolean): AsyncGenerator<Part> {
  let finished = done;
  try {
    yield* head;
    while (!finished) {
      let next: IteratorResult<Part>;
      try {
        next = await iterator.next();
      } catch (error) {
        finished = true;
        yield { type: 'error', error };
        return;
      }
      if (next.done) {
        finished = true;
        return;
      }
      yield next.value;
    }
  } finally {
    if (!finished) await closeQuietly(iterator);
  }
}

/**
 * `replay` as an iterable whose `return()` closes the upstream stream even before the first
 * `next()`: an async generator that has not started never runs its `finally`, so dropping an
 * unread stream would otherwise keep its connection and bulkhead slot until the total timeout.
 */
function replayStream(head: Part[], iterator: AsyncIterator<Part>, done: boolean): AsyncIterable<Part> {
  return {
    [Symbol.asyncIterator]() {
      const generator = replay(head, iterator, done);
      let started = false;
      return {
        next() {
          started = true;
          return generator.next();
        },
        async return() {
          if (!started && !done) await closeQuietly(iterator);
          return generator.return(undefined);
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      } satisfies AsyncIterableIterator<Part>;
    },
  };
}

/**
 * Opens `resolved`'s stream and reads up to its first content part. A rejected `doStream` or an
 * `error` part before any content is thrown, after closing the stream, so the chain can move on.
 */
async function openStream(
  resolved: ResolvedModel,
  options: LanguageModelV1CallOptions,
): Promise<LanguageModelV1StreamResult> {
  const result = await resolved.model.doStream(options);
  const iterator = result.stream[Symbol.asyncIterator]();
  const { head, done, failure } = await peek(iterator);
  if (failure === undefined) return { ...result, stream: replayStream(head, iterator, done) };
  if (!done) await closeQuietly(iterator);
  throw failure.error;
}

/**
 * Opens the chain's streams in order and hands back the first whose first content part (text,
 * reasoning, tool call or finish) arrives without an `error` part before it. Until then a failure
 * — a rejected `doStream`, or an `error` part — moves on to the next model under the same rules
 * as `generateWithFallback`; once content is returned there is no fallback.
 */
export async function streamWithFallback(
  chain: readonly ChainEntry[],
  options: LanguageModelV1CallOptions,
): Promise<RegistryStreamResult> {
  return callWithFallback(chain, options, (resolved) => openStream(resolved, options));
}
