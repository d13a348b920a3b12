import { ApiError, errorFromResponse } from './api-error.js';

export type QueryValue = string | number | boolean | null | undefined | object;

export interface HttpRequest {
  method?: string;
  /** Appended as `?name=value`; undefined and null are left out, objects and arrays sent as JSON. */
  query?: Record<string, QueryValue> | object;
  /** Sent as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface HttpResponse<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON; undefined for 204 or an empty answer; a Blob for any other content type. */
  data: T;
}

export interface HttpOptions {
  /** Prefix of every path; '' (the default) means this page's own origin. */
  baseUrl?: string;
  /** The fetch to use; the browser's by default (tests pass one that trusts the test certificate). */
  fetch?: typeof fetch;
}

/**
 * fetch for the Atrio API: same-origin cookie credentials, JSON in and out, and every failure
 * turned into an ApiError (a network failure is status 0, UNAVAILABLE). An aborted call rejects
 * with the AbortSignal's reason, untouched.
 */
export async function http<T = unknown>(
  path: string,
  request: HttpRequest = {},
  options: HttpOptions = {},
): Promise<HttpResponse<T>> {
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await doFetch(`${options.baseUrl ?? ''}${path}${queryString(request.query)}`, {
      method: request.method ?? 'GET',
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      credentials: 'same-origin',
      signal: request.signal,
    });
  } catch (error) {
    if (request.signal?.aborted) throw error;
    throw new ApiError(0, 'UNAVAILABLE', 'The server cannot be reached.', { cause: String(error) });
  }
  const data = await readBody(response);
  if (!response.ok) throw errorFromResponse(response.status, response.headers, data);
  return { status: response.status, headers: response.headers, data: data as T };
}

async function readBody(response: Response): Promise<unknown> {
  if (response.status === 204) return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (/[/+]json\b/.test(type)) {
    const text = await response.text();
    if (text === '') return undefined;
    try {
      return JSON.parse(text);
    } catch {
      // A broken JSON answer is the server's fault, never the caller's.
      if (response.ok) throw new ApiError(response.status, 'INTERNAL', 'The server sent invalid JSON.');
      return undefined;
    }
  }
  if (!response.ok) return undefined;
  const blob = await response.blob();
  return blob.size === 0 && type === '' ? undefined : blob;
}

export function queryString(query: HttpRequest['query']): string {
  if (!query) return '';
  const parts = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    parts.append(name, typeof value === 'object' ? JSON.stringify(value) : String(value));
  }
  const text = parts.toString();
  return text === '' ? '' : `?${text}`;
}
