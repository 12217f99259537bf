/**
 * A new record id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds, so ids made one after another sort one after another. Stores key threads, turns,
 * usage and audit records by id; with random (version 4) ids every insert lands on a random page of
 * each of those indexes, and a SQLite group commit rewrote hundreds of pages a batch. Time-ordered
 * ids append at the indexes' ends instead, as a serial key would, while staying unguessable
 * (74 random bits) and the same 36-character shape as before.
 *
 * Built from `crypto.randomUUID` (the runtime's CSPRNG, buffered in Node; version and variant bits
 * already set) by writing the time over its first twelve hex digits and `7` over its version
 * digit: cheaper than a second random source, and nothing to depend on. Ids made in the same millisecond do not sort among
 * themselves; nothing relies on their order, only on their locality.
 */
export function createRecordId(now: number = Date.now()): string {
  if (now !== prefixTime) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixTime = now;
  }
  return prefix + globalThis.crypto.randomUUID().slice(15);
}

// The time part of the last id made: many ids are made in the same millisecond.
let prefixTime = -1;
let prefix = '';
