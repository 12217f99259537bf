/** The rejection of `answerWithin` when the time ran out. */
export class NoAnswerInTimeError extends Error {
  override name = 'NoAnswerInTimeError';
}

/**
 * `answer`, or a rejection once `timeoutInMs` has passed without it: a Redis command whose server
 * hangs (or whose client queues commands while it reconnects), or a query on a connection whose
 * peer went silent, would otherwise keep its caller waiting far longer than it can afford. The
 * timer is cleared either way; `answer` itself goes on and is left to its own timeouts.
 */
export async function answerWithin<T>(answer: Promise<T>, timeoutInMs: number, what = 'answer'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new NoAnswerInTimeError(`no ${what} within ${timeoutInMs} ms`)),
      timeoutInMs,
    );
  });
  try {
    return await Promise.race([answer, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
