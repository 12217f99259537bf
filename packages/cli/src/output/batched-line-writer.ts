/**
 * Log lines written in batches: every line written during one turn of the event loop goes out in
 * one write at the end of it. Writes to a pipe are synchronous in Node, so a busy server that
 * logs each call would otherwise spend a system call per line. `flush()` writes what is pending
 * now (call it before exiting).
 */
export function createBatchedLineWriter(stream: { write(text: string): unknown }): {
  write(line: string): void;
  flush(): void;
} {
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const text = pending.join('');
    pending = [];
    stream.write(text);
  };
  return {
    write(line) {
      pending.push(`${line}\n`);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    },
    flush,
  };
}
