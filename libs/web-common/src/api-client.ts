import type { ApiRouteKey, ApiRoutes } from '@atrio/protocol';
import { http, type HttpOptions, type HttpResponse } from './http.js';

type Endpoint<K extends ApiRouteKey> = ApiRoutes[K];

type ParamsPart<E> = E extends { params: infer P }
  ? [P] extends [undefined]
    ? object
    : { params: P }
  : object;
type QueryPart<E> = E extends { query: infer Q }
  ? [Q] extends [undefined]
    ? object
    : { query?: Q }
  : object;
type BodyPart<E> = E extends { body: infer B }
  ? [B] extends [undefined]
    ? object
    : object extends B
      ? { body?: B }
      : { body: B }
  : object;

/** What a call to route K takes: its path params, query and body as the route table types them. */
export type CallOptions<K extends ApiRouteKey> = ParamsPart<Endpoint<K>> &
  QueryPart<Endpoint<K>> &
  BodyPart<Endpoint<K>> & { signal?: AbortSignal; headers?: Record<string, string> };

/** The options argument may be left out when nothing in it is required. */
export type CallArgs<K extends ApiRouteKey> =
  object extends CallOptions<K> ? [options?: CallOptions<K>] : [options: CallOptions<K>];

export type ApiResult<K extends ApiRouteKey> = Endpoint<K>['response'];

export interface ApiClient {
  /** `api('GET /api/rooms/:id', {params: {id}})` → the route's typed answer; failures reject with ApiError. */
  api<K extends ApiRouteKey>(route: K, ...args: CallArgs<K>): Promise<ApiResult<K>>;
  /** The same call, answered with status and headers too (react-admin lists read `Content-Range`). */
  apiResponse<K extends ApiRouteKey>(route: K, ...args: CallArgs<K>): Promise<HttpResponse<ApiResult<K>>>;
}

/** Fills `:name` segments; values are URL-encoded, a missing one is a programming error. */
export function routePath(path: string, params: Record<string, string | number> | undefined): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined) throw new TypeError(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

/**
 * A typed client over protocol's route tables. The route key carries the method and path, so no
 * table (and no zod) is needed at run time: the types come from `import type` alone.
 */
export function createApiClient(options: HttpOptions = {}): ApiClient {
  async function apiResponse<K extends ApiRouteKey>(
    route: K,
    ...[call]: CallArgs<K>
  ): Promise<HttpResponse<ApiResult<K>>> {
    const space = route.indexOf(' ');
    const method = route.slice(0, space);
    const { params, query, body, signal, headers } = (call ?? {}) as {
      params?: Record<string, string | number>;
      query?: object;
      body?: unknown;
      signal?: AbortSignal;
      headers?: Record<string, string>;
    };
    return http<ApiResult<K>>(
      routePath(route.slice(space + 1), params),
      { method, query, body, signal, headers },
      options,
    );
  }
  return {
    apiResponse,
    api: async (route, ...args) => (await apiResponse(route, ...args)).data,
  };
}

const sameOrigin = createApiClient();

/** The page's own server, with its session cookie. */
export const api: ApiClient['api'] = sameOrigin.api;
export const apiResponse: ApiClient['apiResponse'] = sameOrigin.apiResponse;
