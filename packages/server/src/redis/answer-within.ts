/**
 * `answer`, or a rejection once `timeoutInMs` has passed without it: a Redis command whose server
 * hangs (or whose client queues commands while it reconnects) would otherwise never settle. The
 * timer is cleared either way.
 */
export async function answerWithin<T>(answer: Promise<T>, timeoutInMs: number, what = 'answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${timeoutInMs} ms`)), timeoutInMs);
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
