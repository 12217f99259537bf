import {
  ApiCallError,
  InvalidArgumentError,
  RecordExistsError,
  RecordNotFoundError,
  StoreUnavailableError,
} from '@exai/core';

/** What an error without a JSON `detail` is about, as the calling operation knows it. */
export interface RpcErrorContext {
  /** The record a unique violation (23505) is about. */
  exists?: { recordType: string; recordId: string };
  /** The record a missing-row error (P0002, 23503) is about. */
  missing?: { recordType: string; recordId: string };
}

/** The error of a supabase-js call: PostgREST's body, or what supabase-js made of a failed fetch. */
export interface PostgrestErrorLike {
  code?: string | null;
  message?: string | null;
  details?: string | null;
  hint?: string | null;
}

export interface MapSupabaseRpcErrorInput {
  error: PostgrestErrorLike;
  /** The HTTP status; 0 when no response arrived. */
  status: number;
  functionName: string;
  /** The project URL, for messages. */
  url: string;
  context?: RpcErrorContext;
}

const unavailableCodes = new Set([
  'PGRST000',
  'PGRST001',
  'PGRST002',
  'PGRST003',
  '40001',
  '40P01',
  '57014',
  '57P01',
]);

/**
 * Turns a failed RPC call into the contract's errors: P0002 and 23503 → `RecordNotFoundError`,
 * 23505 → `RecordExistsError`, data errors (22xxx, 23502, 23514) → `InvalidArgumentError`, no
 * response, HTTP 5xx and connection or serialization failures → `StoreUnavailableError`
 * (retryable). Anything else — a key that may not call the function (401/403), a function the
 * database lacks (404), a schema the API does not expose (406) — is an `ApiCallError` saying what
 * to change.
 */
export function mapSupabaseRpcError({
  error,
  status,
  functionName,
  url,
  context = {},
}: MapSupabaseRpcErrorInput): Error {
  const code = error.code ?? '';
  const message = error.message ?? 'no message';
  const detail = parseDetail(error.details);

  if (code === 'P0002' || code === '23503') {
    const missing =
      detail.recordType !== undefined ? detail : (context.missing ?? { recordType: 'record', recordId: '?' });
    return new RecordNotFoundError({
      recordType: missing.recordType ?? 'record',
      recordId: missing.recordId ?? '?',
      message: code === 'P0002' ? message : undefined,
    });
  }
  if (code === '23505') {
    const exists =
      detail.recordType !== undefined ? detail : (context.exists ?? { recordType: 'record', recordId: '?' });
    return new RecordExistsError({
      recordType: exists.recordType ?? 'record',
      recordId: exists.recordId ?? '?',
    });
  }
  if (code.startsWith('22') || code === '23502' || code === '23514') {
    return new InvalidArgumentError({
      argument: detail.argument ?? 'arguments',
      message: `${functionName} refused its arguments: ${message}`,
      cause: error,
    });
  }
  if (
    status === 0 ||
    status >= 500 ||
    code.startsWith('08') ||
    code.startsWith('53') ||
    unavailableCodes.has(code)
  ) {
    const reason =
      status === 0 ? `no response: ${message}` : `HTTP ${status}${code === '' ? '' : ` ${code}`}: ${message}`;
    return new StoreUnavailableError({
      store: 'supabase',
      message: `The Supabase session store at ${url} could not answer ${functionName} (${reason}); retry later.`,
      cause: error,
    });
  }
  return new ApiCallError({
    message: `Supabase refused ${functionName} (HTTP ${status}${code === '' ? '' : ` ${code}`}: ${message}). ${advice(status, code)}`,
    url: `${url.replace(/\/+$/, '')}/rest/v1/rpc/${functionName}`,
    statusCode: status,
    responseBody: JSON.stringify({ code, message, details: error.details ?? null, hint: error.hint ?? null }),
    isRetryable: false,
    cause: error,
  });
}

function advice(status: number, code: string): string {
  if (status === 401 || status === 403 || code === '42501') {
    return 'Use the service role key, or a user access token whose tenant_id claim names the tenant asked for.';
  }
  if (status === 404 || code === 'PGRST202' || code === '42883') {
    return 'Apply the Supabase migrations (supabaseMigrations) to the schema the store uses, then reload the API schema cache.';
  }
  if (status === 406 || code === 'PGRST106') {
    return 'Add the schema to the exposed schemas of the Supabase API settings, or pass the schema the migrations ran in.';
  }
  return 'See the Supabase API logs for the cause.';
}

interface ErrorDetail {
  recordType?: string;
  recordId?: string;
  argument?: string;
}

function parseDetail(details: string | null | undefined): ErrorDetail {
  if (typeof details !== 'string' || !details.startsWith('{')) return {};
  try {
    const parsed = JSON.parse(details) as Record<string, unknown>;
    const text = (key: string) => (typeof parsed[key] === 'string' ? (parsed[key] as string) : undefined);
    return { recordType: text('recordType'), recordId: text('recordId'), argument: text('argument') };
  } catch {
    return {};
  }
}
