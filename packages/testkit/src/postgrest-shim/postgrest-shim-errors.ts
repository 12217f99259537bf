/** The JSON body PostgREST sends with every error. */
export interface PostgrestErrorBody {
  code: string;
  message: string;
  details: string | null;
  hint: string | null;
}

/** An error the shim answers with: an HTTP status and a PostgREST-shaped body. */
export class PostgrestShimError extends Error {
  readonly status: number;
  readonly body: PostgrestErrorBody;

  constructor(status: number, { code, message, details = null, hint = null }: ErrorBodyInput) {
    super(message);
    this.name = 'PostgrestShimError';
    this.status = status;
    this.body = { code, message, details, hint };
  }
}

interface ErrorBodyInput {
  code: string;
  message: string;
  details?: string | null;
  hint?: string | null;
}

const exactStatus: Record<string, number> = {
  '23503': 409,
  '23505': 409,
  '25006': 405,
  '42883': 404,
  '42P01': 404,
  '53400': 500,
  P0001: 400,
};

const classStatus: Record<string, number> = {
  '08': 503,
  '09': 500,
  '0L': 403,
  '0P': 403,
  '25': 500,
  '28': 403,
  '2D': 500,
  '38': 500,
  '39': 500,
  '3B': 500,
  '40': 500,
  '53': 503,
  '54': 413,
  '55': 500,
  '57': 500,
  '58': 500,
  F0: 500,
  HV: 500,
  P0: 500,
  XX: 500,
};

/**
 * The HTTP status PostgREST answers a PostgreSQL error with (its documented table):
 * `42501` is 403 for a signed-in role and 401 for the anonymous one, `PTxyz` is status `xyz`,
 * and anything unlisted is 400.
 */
export function statusForSqlState(sqlState: string, { anonymous }: { anonymous: boolean }): number {
  if (sqlState === '42501') return anonymous ? 401 : 403;
  const custom = /^PT(\d{3})$/.exec(sqlState);
  if (custom?.[1] !== undefined) return Number(custom[1]);
  return exactStatus[sqlState] ?? classStatus[sqlState.slice(0, 2)] ?? 400;
}

interface DatabaseErrorLike {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
}

/** Turns a `pg` error into the answer PostgREST would give; connection failures become 503. */
export function toPostgrestShimError(
  error: unknown,
  { anonymous }: { anonymous: boolean },
): PostgrestShimError {
  if (error instanceof PostgrestShimError) return error;
  const fields = (typeof error === 'object' && error !== null ? error : {}) as DatabaseErrorLike;
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  if (typeof fields.code === 'string' && /^[0-9A-Z]{5}$/.test(fields.code)) {
    return new PostgrestShimError(statusForSqlState(fields.code, { anonymous }), {
      code: fields.code,
      message,
      details: typeof fields.detail === 'string' ? fields.detail : null,
      hint: typeof fields.hint === 'string' ? fields.hint : null,
    });
  }
  return new PostgrestShimError(503, {
    code: 'PGRST001',
    message: 'Database client error. Retrying the connection.',
    details: message,
  });
}
