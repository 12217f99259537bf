// A fake upstream in its own process whose every chat answer streams one chunk every
// BENCH_CHUNK_INTERVAL_MS for BENCH_CALL_SECONDS (a slow model writing), so its CPU time is not
// counted against exai's.
import { createFakeUpstream } from '@exai/testkit';

const callSeconds = Number(process.env.BENCH_CALL_SECONDS ?? 60);
const chunkIntervalInMs = Number(process.env.BENCH_CHUNK_INTERVAL_MS ?? 2_000);
const chunks = Math.max(1, Math.round((callSeconds * 1000) / chunkIntervalInMs));

const upstream = await createFakeUpstream({ record: false });
// A warm-up call (its prompt says so) is answered at once.
upstream.handle((request) =>
  request.rawBody.includes('warm-up')
    ? { reply: { text: 'Warm.' } }
    : { reply: { text: 'token '.repeat(chunks), chunks }, chunkDelayMs: chunkIntervalInMs },
);
process.send?.({ url: upstream.url });
process.on('disconnect', () => {
  void upstream.close().then(() => process.exit(0));
});
