import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { isReservedName, looksAlike } from './display-names.js';
import { User } from './user.entity.js';

/**
 * What a display name may not be, beyond the wire schema's text rules: a name the system speaks as
 * ("Atrio", "Administrator"…), or a look-alike of another person's username or display name — the
 * classic impersonation in a chat ("Ana Pérez" with a Cyrillic "а").
 */
@Injectable()
export class DisplayNameRules {
  constructor(private readonly dataSource: DataSource) {}

  async assertAcceptable(displayName: string, ownUserId: number | null, ownUsername?: string): Promise<void> {
    if (isReservedName(displayName)) {
      throw refused(`"${displayName}" is reserved for the system; choose another name.`);
    }
    const others = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .select(['u.id', 'u.username', 'u.displayName'])
      .getMany();
    for (const other of others) {
      if (other.id === ownUserId || other.username === ownUsername) continue;
      if (looksAlike(displayName, other.username) || looksAlike(displayName, other.displayName)) {
        throw refused(`"${displayName}" looks like the name of another person (${other.username}).`);
      }
    }
  }
}

function refused(message: string): AppError {
  return new AppError('VALIDATION_FAILED', message, { fields: [{ path: 'displayName', message }] });
}
