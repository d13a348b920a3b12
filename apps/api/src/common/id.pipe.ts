import type { PipeTransform } from '@nestjs/common';
import { AppError } from './app-error.js';

/** `@Param('id', IdPipe)`: a positive integer id, or VALIDATION_FAILED (never a 500 from the database). */
export class IdPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    if (!/^[1-9]\d{0,15}$/.test(value)) {
      throw new AppError('VALIDATION_FAILED', 'The id must be a positive whole number.', {
        fields: [{ path: 'id', message: 'must be a positive whole number' }],
      });
    }
    return Number(value);
  }
}
