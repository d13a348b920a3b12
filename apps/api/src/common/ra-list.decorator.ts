import {
  applyDecorators,
  type CallHandler,
  createParamDecorator,
  type ExecutionContext,
  type NestInterceptor,
  SetMetadata,
  UseInterceptors,
} from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { type ConsoleResource, listQuerySchema } from '@atrio/protocol';
import type { Request, Response } from 'express';
import { map, type Observable } from 'rxjs';
import { type ListRequest, type Page, parseListQuery, setContentRange } from './ra-list.js';
import { Route } from './route.decorator.js';
import { ZodPipe } from './zod.pipe.js';

export const RA_LIST = 'atrio:ra-list';
const LIST_REQUEST = Symbol('atrio:list-request');
type ListedRequest = Request & { [LIST_REQUEST]?: ListRequest };

/**
 * `@RaList(consoleResources.users)`: serves a console resource's list the react-admin way. The
 * query's `sort`, `range` and `filter` are checked against the resource (sortable fields only)
 * and handed to the handler as `@ListParams() list`; the handler answers a `Page`, sent as the
 * bare array with `Content-Range: <name> first-last/total`. A resource without sortable fields
 * is short: its handler answers the whole array and the query is not read.
 */
export function RaList(resource: ConsoleResource): MethodDecorator {
  const paged = resource.sortable.length > 0;
  return applyDecorators(
    SetMetadata(RA_LIST, resource),
    // The interceptor reads the query itself (before the handler's pipes, with the same errors).
    Route({ ...resource.list, query: undefined }),
    UseInterceptors(new RaListInterceptor(resource)),
    ...(paged
      ? [
          ApiQuery({
            name: 'sort',
            required: false,
            description: `["field","ASC"|"DESC"], field one of: ${resource.sortable.join(', ')}`,
          }),
          ApiQuery({ name: 'range', required: false, description: '[first,last], at most 500 rows' }),
          ApiQuery({
            name: 'filter',
            required: false,
            description: `JSON object${resource.filters.length ? `: ${resource.filters.join(', ')}` : ''}`,
          }),
        ]
      : []),
  );
}

/** The checked `sort`/`range`/`filter` of a `@RaList` handler. */
export const ListParams = createParamDecorator(
  (_: unknown, context: ExecutionContext): ListRequest | undefined =>
    context.switchToHttp().getRequest<ListedRequest>()[LIST_REQUEST],
);

const listQuery = new ZodPipe(listQuerySchema);

class RaListInterceptor implements NestInterceptor {
  constructor(private readonly resource: ConsoleResource) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<ListedRequest>();
    const response = http.getResponse<Response>();
    const { name, sortable, defaultSort } = this.resource;
    const list =
      sortable.length > 0
        ? parseListQuery(listQuery.transform(request.query), sortable, defaultSort ?? sortable[0]!)
        : undefined;
    request[LIST_REQUEST] = list;
    return next.handle().pipe(
      map((answer: Page<unknown> | unknown[]) => {
        const page = Array.isArray(answer) ? { rows: answer, total: answer.length } : answer;
        setContentRange(response, name, list ?? WHOLE, page.rows.length, page.total);
        return page.rows;
      }),
    );
  }
}

const WHOLE: ListRequest = { sort: { field: '', order: 'ASC' }, skip: 0, take: 0, filter: {} };
