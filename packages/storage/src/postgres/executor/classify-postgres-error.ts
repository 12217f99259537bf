/** The SQLSTATE of a PostgreSQL error, or undefined for errors that did not come from the server. */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  // Socket errors carry `syscall`; their codes (`EPIPE`) can look like a SQLSTATE.
  if ('syscall' in error) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

const transientSocketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
]);

/** Server-side states after which the same work may succeed on another try. */
const transientStates = new Set(['57P01', '57P02', '57P03', '40001', '40P01', '53300']);

/** Messages of the errors node-postgres raises itself when a connection breaks or cannot be made. */
const brokenConnectionMessage =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Client was closed|read ECONNRESET/i;

/**
 * Whether the error says the server could not be reached or dropped the work: refused, reset or
 * timed-out connections, admin shutdown, too many connections, any class 08 state, and the
 * serialization failures and deadlocks after which a transaction is to be run again.
 */
export function isTransientPostgresError(error: unknown): boolean {
  const state = sqlState(error);
  if (state !== undefined) return transientStates.has(state) || state.startsWith('08');
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && transientSocketCodes.has(code)) return true;
  return error instanceof Error && brokenConnectionMessage.test(error.message);
}

/** Whether the server rolled the work back itself (so running it again cannot apply it twice). */
export function isRolledBackByServer(error: unknown): boolean {
  const state = sqlState(error);
  return state === '40001' || state === '40P01';
}

/** `statement_timeout` cancelled the statement. */
export function isStatementTimeout(error: unknown): boolean {
  return sqlState(error) === '57014' && error instanceof Error && /statement timeout/i.test(error.message);
}

/**
 * node-postgres stopped waiting for a statement after its `query_timeout`. The statement may still
 * be running on the server, so the connection must not be used again.
 */
export function isQueryReadTimeout(error: unknown): boolean {
  return error instanceof Error && error.message === 'Query read timeout';
}
