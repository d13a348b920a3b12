import { Body, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';
import { AppError } from './app-error.js';

/** Validates (and strips/coerces) a value with a zod schema from libs/protocol; errors list every bad field. */
export class ZodPipe<T extends z.ZodType> implements PipeTransform<unknown, z.output<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.output<T> {
    const result = this.schema.safeParse(value ?? {});
    if (result.success) return result.data;
    throw new AppError('VALIDATION_FAILED', 'Some fields are missing or invalid.', {
      fields: result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
}

/** `@ValidBody(schema) dto: z.output<typeof schema>`: the request body, validated. */
export const ValidBody = <T extends z.ZodType>(schema: T) => Body(new ZodPipe(schema));

/** `@ValidQuery(schema) query`: the query string, validated. */
export const ValidQuery = <T extends z.ZodType>(schema: T) => Query(new ZodPipe(schema));

/** Documents a zod body schema on the OpenAPI page. */
export const ApiZodBody = (schema: z.ZodType) =>
  ApiBody({ schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as object });
