import type { PipeTransform } from '@nestjs/common';
import { AppError } from './app-error.js';

/** The largest id any table can hold (PostgreSQL `integer`). */
const MAX_ID = 2_147_483_647;

/** `@Param('id', IdPipe)`: a positive integer id, or VALIDATION_FAILED (never a 500 from the database). */
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,15}$/.test(value)) {
      throw new AppError('VALIDATION_FAILED', 'The id must be a positive whole number.', {
        fields: [{ path: 'id', message: 'must be a positive whole number' }],
      });
    }
    const id = Number(value);
    // Well-formed but beyond any stored row: it names nothing.
    if (id > MAX_ID) throw new AppError('NOT_FOUND', 'There is nothing with this id.');
    return id;
  }
}
