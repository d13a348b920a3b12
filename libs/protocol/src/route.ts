import { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One REST route as data: the server's decorator validates and documents it, the web apps' client
 * is typed from it. Paths are full (`/api/...`); `:name` marks a path parameter.
 */
export interface RouteDef {
  method: HttpMethod;
  path: `/${string}`;
  /** The success status; absent means Nest's default (201 for POST, 200 otherwise). */
  status?: 200 | 201 | 202 | 204;
  /** One line for the OpenAPI page. */
  summary?: string;
  /** Every `:name` of the path, validated; `idParam` is a row id (a positive whole number). */
  params?: z.ZodObject;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The JSON answer; absent for 204 and for non-JSON answers (see `produces`). */
  response?: z.ZodType;
  /** The content type of a non-JSON answer (a CSV export, a file download, Prometheus text). */
  produces?: string;
}

/** Checks a feature's table against RouteDef while keeping every literal (method, path, schema). */
export function routeTable<const T extends Record<string, RouteDef>>(table: T): T {
  return table;
}

/**
 * A row id in a path: digits without a leading zero. The server answers VALIDATION_FAILED for
 * anything else and NOT_FOUND for ids no table can hold.
 */
export const idParam = z.string().regex(/^[1-9]\d{0,15}$/, 'must be a positive whole number');
/** A path segment taken as written (backup ids, setting keys, session ids): the service judges it. */
export const textParam = z.string();

export type RouteKey<R extends RouteDef> = `${R['method']} ${R['path']}`;

/** `'/api/rooms/:id/members/:userId'` → `'id' | 'userId'`. */
export type PathParamNames<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamNames<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type Input<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a client sends and gets for one route. */
export interface Endpoint<R extends RouteDef> {
  method: R['method'];
  path: R['path'];
  params: [PathParamNames<R['path']>] extends [never]
    ? undefined
    : { [K in PathParamNames<R['path']>]: string | number };
  query: Input<R['query']>;
  body: Input<R['body']>;
  response: R['response'] extends z.ZodType
    ? z.output<R['response']>
    : R['produces'] extends string
      ? Blob
      : undefined;
}

/** A feature's table keyed by `'METHOD /path'`, e.g. `'GET /api/rooms/:id'`. */
export type RouteMap<T extends Record<string, RouteDef>> = {
  [K in keyof T as RouteKey<T[K]>]: Endpoint<T[K]>;
};
