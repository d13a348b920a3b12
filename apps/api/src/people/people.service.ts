import { Injectable } from '@nestjs/common';
import type { People, PeopleQuery } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { PresenceTracker } from '../presence/presence-tracker.js';

/**
 * The directory members pick colleagues from for a new conversation. Only active accounts, and
 * only what every member may know: name, username and presence (no e-mail, roles or account state).
 */
@Injectable()
export class PeopleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly presence: PresenceTracker,
  ) {}

  async search(actor: Actor, query: PeopleQuery): Promise<People> {
    const pattern = `%${(query.q ?? '').toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['u.id AS id', 'u.username AS username', 'u.display_name AS "displayName"'])
      .from('users', 'u')
      .where(`u.status = 'active' AND u.id <> :me`, { me: actor.userId })
      .andWhere(
        `(LOWER(u.display_name) LIKE :pattern ESCAPE '\\' OR LOWER(u.username) LIKE :pattern ESCAPE '\\')`,
        {
          pattern,
        },
      )
      .orderBy('LOWER(u.display_name)')
      .addOrderBy('u.id')
      .limit(query.limit)
      .getRawMany<{ id: number | string; username: string; displayName: string }>();
    return {
      people: rows.map((row) => ({
        id: Number(row.id),
        username: row.username,
        displayName: row.displayName,
        presence: this.presence.status(Number(row.id)),
      })),
    };
  }
}
