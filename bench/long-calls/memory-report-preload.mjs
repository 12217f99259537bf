// Loaded into the server under test with `--import` (see heap-probe.ts): writes the process's
// memory use as JSON to EXAI_BENCH_MEMORY_FILE every 500 ms, so the probe can set the resident
// set beside the V8 heap, external memory and array buffers.
import { writeFileSync } from 'node:fs';
import process from 'node:process';
import { setInterval } from 'node:timers';

const file = process.env.EXAI_BENCH_MEMORY_FILE;
if (file) {
  setInterval(() => writeFileSync(file, JSON.stringify(process.memoryUsage())), 500).unref();
}
