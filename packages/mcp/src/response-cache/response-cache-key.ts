import { createHash } from 'node:crypto';
import type { FileService } from '@exai/core';
import { configure } from 'safe-stable-stringify';

/** Object keys sorted, so the same parameters give the same text whatever their order. */
const canonicalJson = configure({ deterministic: true, circularValue: TypeError, bigint: false });

/** Everything an answer depends on; two calls with equal parts may share one answer. */
export interface ResponseCacheKeyParts {
  /** A fingerprint of the server's configuration: entries of another configuration never match. */
  namespace: string;
  /** The exai version: a release may change prompts and tools. */
  version: string;
  tenantId: string;
  tool: string;
  /** The validated input: every parameter of the call (prompt, model, temperature, thinking, …). */
  input: unknown;
  /** The resolved `provider:model`s, fallbacks included. */
  models: readonly string[];
  prompts: readonly string[];
  locale: string | undefined;
  /** The files the call reads, each with the SHA-256 of its bytes (or why it is left out). */
  files: readonly FileFingerprint[];
}

export interface FileFingerprint {
  path: string;
  sha256?: string;
  skipped?: string;
}

/** The cache key: hex SHA-256 of the canonical JSON of the parts. */
export function responseCacheKey(parts: ResponseCacheKeyParts): string {
  const text = canonicalJson({ ...parts, prompts: parts.prompts.map(sha256) });
  if (text === undefined) throw new TypeError('the cache key parts are not JSON');
  return sha256(text);
}

/**
 * The files and folders named, expanded as the tools expand them (`.gitignore`, caps), each file
 * with the SHA-256 of its bytes: a changed file is a miss, an untouched one (whatever its mtime) is
 * not. Throws as the FileService does for a path that is not allowed or does not exist.
 */
export async function fileFingerprints(
  files: FileService,
  paths: readonly (string | undefined)[],
): Promise<FileFingerprint[]> {
  const named = paths.filter((path): path is string => path !== undefined && path !== '');
  if (named.length === 0) return [];
  const expanded = await files.expand(named);
  const fingerprints: FileFingerprint[] = [];
  for (const path of expanded.files) fingerprints.push({ path, sha256: await files.sha256(path) });
  for (const { path, reason } of expanded.skipped) fingerprints.push({ path, skipped: reason });
  return fingerprints;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
