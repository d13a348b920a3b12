import simpleRestProvider from 'ra-data-simple-rest';
import { type DataProvider, fetchUtils, HttpError } from 'react-admin';
import type { ErrorBody } from '@atrio/protocol';
import { errorText } from './i18n';

/** An answer in the contract's error shape, its message already in the console's language. */
export class ApiError extends HttpError {
  constructor(
    readonly code: string,
    message: string,
    status: number,
    readonly details?: unknown,
  ) {
    super(message, status, { error: { code, message, details } });
  }
}

function toApiError(status: number, body: unknown, fallback: string): ApiError {
  const error = (body as Partial<ErrorBody> | undefined)?.error;
  const code = error?.code ?? (status === 0 ? 'UNAVAILABLE' : 'INTERNAL');
  return new ApiError(
    code,
    errorText(code, error?.message ?? fallback, error?.details),
    status,
    error?.details,
  );
}

/**
 * Every call the console makes outside react-admin's CRUD methods: JSON in and out under /api, the
 * session travels in its HttpOnly cookie (same origin), errors become ApiError.
 */
export async function api<T = unknown>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method: init.method ?? 'GET',
      headers: {
        accept: 'application/json',
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      credentials: 'same-origin',
    });
  } catch {
    throw toApiError(0, undefined, 'The server cannot be reached.');
  }
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  if (!response.ok) throw toApiError(response.status, json, response.statusText);
  return json as T;
}

const httpClient = (url: string, options: fetchUtils.Options = {}) =>
  fetchUtils.fetchJson(url, { ...options, credentials: 'same-origin' }).catch((error: unknown) => {
    if (error instanceof HttpError) throw toApiError(error.status, error.body, error.message);
    throw toApiError(0, undefined, 'The server cannot be reached.');
  });

/** react-admin's simple REST dialect against /api/admin (CONTRACT.md, Administration). */
export const dataProvider: DataProvider = simpleRestProvider('/api/admin', httpClient);
