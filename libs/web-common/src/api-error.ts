import type { ErrorCode, ValidationDetails } from '@atrio/protocol';

/** A failed call, in the contract's terms: every failure a caller sees is one of these. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** The HTTP status; 0 when the server could not be reached at all. */
    readonly status: number,
    readonly code: ErrorCode,
    /** The server's sentence, in English; show `errorMessage(code, language)` to people instead. */
    message: string,
    readonly details: unknown = undefined,
    /** From `details.retryAfterSeconds` or the `Retry-After` header (RATE_LIMITED, ACCOUNT_LOCKED). */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
  }

  /** VALIDATION_FAILED's bad fields as `path → message` (empty for other errors). */
  get fields(): Record<string, string> {
    const list = (this.details as Partial<ValidationDetails> | undefined)?.fields;
    if (this.code !== 'VALIDATION_FAILED' || !Array.isArray(list)) return {};
    return Object.fromEntries(list.map((field) => [field.path, field.message]));
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** For answers that are not the contract's error body (a proxy's 502 page, a crashed server). */
const CODE_BY_STATUS: Partial<Record<number, ErrorCode>> = {
  400: 'VALIDATION_FAILED',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  423: 'ACCOUNT_LOCKED',
  429: 'RATE_LIMITED',
  502: 'UNAVAILABLE',
  503: 'UNAVAILABLE',
  504: 'UNAVAILABLE',
};

/** Builds the ApiError of a non-2xx answer from its body (already parsed, or undefined). */
export function errorFromResponse(status: number, headers: Headers, body: unknown): ApiError {
  const error = (body as { error?: { code?: unknown; message?: unknown; details?: unknown } } | null)?.error;
  const retryAfter = retryAfterOf(error?.details, headers.get('retry-after'));
  if (typeof error?.code === 'string' && typeof error.message === 'string') {
    return new ApiError(status, error.code as ErrorCode, error.message, error.details, retryAfter);
  }
  const code = CODE_BY_STATUS[status] ?? 'INTERNAL';
  return new ApiError(status, code, `The server answered ${status}.`, undefined, retryAfter);
}

function retryAfterOf(details: unknown, header: string | null): number | null {
  const fromDetails = (details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
  if (typeof fromDetails === 'number') return fromDetails;
  const seconds = header === null ? NaN : Number(header);
  return Number.isFinite(seconds) ? seconds : null;
}
