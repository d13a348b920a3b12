import {
  type ArgumentMetadata,
  applyDecorators,
  Delete,
  Get,
  HttpCode,
  type PipeTransform,
  Post,
  Put,
  SetMetadata,
  UsePipes,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiProduces, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { idParam, type RouteDef } from '@atrio/protocol';
import { z } from 'zod';
import { IdPipe } from './id.pipe.js';
import { ZodPipe } from './zod.pipe.js';

/** Where `@Route` leaves the table entry, for the test that every table route is served. */
export const ROUTE_DEF = 'atrio:route';

const VERBS = { GET: Get, POST: Post, PUT: Put, DELETE: Delete } as const;

/**
 * `@Route(roomRoutes.get)`: serves, validates and documents one entry of a protocol route table.
 * `@Body()`, `@Query()` and `@Param(name)` then receive the values the table's schemas parsed
 * (row ids as numbers); a bad one is answered VALIDATION_FAILED before the handler runs.
 * Controllers are `@Controller()` without a prefix: the table's path is the whole path.
 */
export function Route(route: RouteDef): MethodDecorator {
  return applyDecorators(
    SetMetadata(ROUTE_DEF, route),
    VERBS[route.method](nestPath(route.path)),
    HttpCode(route.status ?? (route.method === 'POST' ? 201 : 200)),
    UsePipes(new RoutePipe(route)),
    ...docs(route),
  );
}

/** The global prefix `api` is added by Nest (`/metrics` is excluded from it). */
export function nestPath(path: string): string {
  return path.startsWith('/api/') ? path.slice('/api/'.length) : path.slice(1);
}

const ids = new IdPipe();

class RoutePipe implements PipeTransform {
  private readonly body: ZodPipe<z.ZodType> | undefined;
  private readonly query: ZodPipe<z.ZodType> | undefined;

  constructor(private readonly route: RouteDef) {
    this.body = route.body && new ZodPipe(route.body);
    this.query = route.query && new ZodPipe(route.query);
  }

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    switch (metadata.type) {
      case 'body':
        return this.body ? this.body.transform(value) : value;
      case 'query':
        return this.query && metadata.data === undefined ? this.query.transform(value) : value;
      case 'param': {
        const schema = metadata.data === undefined ? undefined : this.route.params?.shape[metadata.data];
        // Row ids keep IdPipe's answers: VALIDATION_FAILED when malformed, NOT_FOUND beyond any table.
        if (schema === idParam) return ids.transform(value as string);
        return schema ? new ZodPipe(schema).transform(value) : value;
      }
      case 'custom':
        return value;
    }
  }
}

function docs(route: RouteDef): Array<MethodDecorator | ClassDecorator> {
  const status = route.status ?? (route.method === 'POST' ? 201 : 200);
  const decorators: Array<MethodDecorator | ClassDecorator> = [];
  if (route.summary) decorators.push(ApiOperation({ summary: route.summary }));
  if (route.body) decorators.push(ApiBody({ schema: jsonSchema(route.body, 'input') }));
  if (route.query instanceof z.ZodObject) {
    for (const [name, field] of Object.entries(route.query.shape as Record<string, z.ZodType>)) {
      decorators.push(
        ApiQuery({ name, required: !field.safeParse(undefined).success, schema: jsonSchema(field, 'input') }),
      );
    }
  }
  if (route.produces) decorators.push(ApiProduces(route.produces));
  decorators.push(
    ApiResponse({
      status,
      description: route.produces ?? (route.response ? 'application/json' : 'No content'),
      ...(route.response ? { schema: jsonSchema(route.response, 'output') } : {}),
    }),
  );
  return decorators;
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): object {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as object;
}
