/**
 * A new record id: a UUID of version 7 (RFC 9562), whose first 48 bits are the time in
 * milliseconds, so ids made one after another sort one after another. Stores key threads, turns,
 * usage and audit records by id; with random (version 4) ids every insert lands on a random page of
 * each of those indexes, and a SQLite group commit rewrote hundreds of pages a batch. Time-ordered
 * ids append at the indexes' ends instead, as a serial key would, while staying unguessable
 * (62 random bits, and a sequence started at random) and the same 36-character shape as before.
 *
 * Built from `crypto.randomUUID` (the runtime's CSPRNG, buffered in Node; variant bits already
 * set) by writing the time over its first twelve hex digits, `7` over its version digit and a
 * sequence over the next three (RFC 9562's fixed-length counter, method 1): cheaper than a second
 * random source, and nothing to depend on. Ids one process makes in the same millisecond sort in
 * the order they were made (up to 2,048 of them), so records listed newest first with the id as
 * the tie-break come out in the order they were written; the other 62 bits stay random.
 */
export function createRecordId(now: number = Date.now()): string {
  if (now !== prefixTime) {
    const time = now.toString(16).padStart(12, '0');
    prefix = `${time.slice(0, 8)}-${time.slice(8, 12)}-7`;
    prefixTime = now;
    sequence = randomSequenceStart();
  } else if (++sequence > 0xfff) {
    sequence = randomSequenceStart();
  }
  return `${prefix}${sequence.toString(16).padStart(3, '0')}-${globalThis.crypto.randomUUID().slice(19)}`;
}

// The time part of the last id made: many ids are made in the same millisecond.
let prefixTime = -1;
let prefix = '';
// The 12 bits after the version digit: counted up within a millisecond from a random start, so ids
// one process makes in the same millisecond sort in the order they were made.
let sequence = 0;

/** In the lower half, so a millisecond has room for 2,048 ids in order before it starts again. */
function randomSequenceStart(): number {
  return Math.floor(Math.random() * 0x800);
}
