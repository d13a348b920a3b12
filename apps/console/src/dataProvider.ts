import simpleRestProvider from 'ra-data-simple-rest';
import { type DataProvider, type fetchUtils, HttpError } from 'react-admin';
import { ApiError, errorMessage, http, type Language } from '@atrio/web-common';
import { i18nProvider } from './i18n';

/**
 * A failed call as react-admin handles it (an HttpError: status for checkError, a message for the
 * notification), with the contract's code kept and the message already in the console's language.
 */
export class ConsoleError extends HttpError {
  constructor(readonly cause: ApiError) {
    super(describe(cause), cause.status, {
      error: { code: cause.code, message: cause.message, details: cause.details },
    });
    // HttpError's constructor resets the prototype to its own, which would hide this class from
    // `instanceof` and drop the `code` getter.
    Object.setPrototypeOf(this, ConsoleError.prototype);
    this.name = 'ConsoleError';
  }

  get code(): string {
    return this.cause.code;
  }
}

/**
 * web-common's sentence for the code, plus what only the server knows: which fields a validation
 * refused, or why a conflict or refusal happened (the server's words, in English).
 */
function describe(error: ApiError): string {
  const language = i18nProvider.getLocale() as Language;
  const text = errorMessage(error.code, language, error.retryAfterSeconds);
  const fields = Object.entries(error.fields);
  if (fields.length > 0)
    return `${text} ${fields.map(([path, message]) => `${path}: ${message}`).join('; ')}`;
  if (error.code === 'CONFLICT' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND')
    return `${text} (${error.message})`;
  return text;
}

function consoleError(error: unknown): unknown {
  return error instanceof ApiError ? new ConsoleError(error) : error;
}

/**
 * Every call the console makes outside react-admin's CRUD methods, through web-common's fetch
 * wrapper (same-origin cookie session, JSON, ApiError), under /api.
 */
export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  try {
    return (await http<T>(`/api${path}`, { method: init.method, body: init.body })).data;
  } catch (error) {
    throw consoleError(error);
  }
}

/** ra-data-simple-rest's HTTP client, on the same wrapper; it sends bodies as JSON text. */
async function httpClient(url: string, options: fetchUtils.Options = {}) {
  const headers = options.headers instanceof Headers ? Object.fromEntries(options.headers.entries()) : {};
  try {
    const response = await http<unknown>(url, {
      method: options.method,
      body: typeof options.body === 'string' ? (JSON.parse(options.body) as unknown) : undefined,
      headers,
      signal: options.signal ?? undefined,
    });
    return {
      status: response.status,
      headers: response.headers,
      body: JSON.stringify(response.data ?? null),
      json: response.data,
    };
  } catch (error) {
    throw consoleError(error);
  }
}

/** react-admin's simple REST dialect against /api/admin (CONTRACT.md, Administration). */
export const dataProvider: DataProvider = simpleRestProvider('/api/admin', httpClient);

/** The contract code of a failure however it reached the caller (react-admin may pass errors on re-wrapped). */
export function errorCode(error: unknown): string | undefined {
  const candidate = error as { code?: unknown; body?: { error?: { code?: unknown } } } | null;
  const code = candidate?.code ?? candidate?.body?.error?.code;
  return typeof code === 'string' ? code : undefined;
}
