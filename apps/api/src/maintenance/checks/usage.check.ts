import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { postgresSize, sqliteSpace } from '../database-queries.js';
import {
  type CheckContext,
  type CheckResult,
  countEs,
  esDecimal,
  type RoutineCheck,
} from './routine-check.js';

type Counts = Record<
  'users' | 'disabledUsers' | 'activeUsers' | 'rooms' | 'archivedRooms' | 'messages' | 'messagesTotal',
  number
>;

/**
 * §8.3 "Análisis de estadísticas de uso": figures for the period since the previous run. A user
 * is active who logged in or wrote a message in the period. Informational: always ok.
 */
@Injectable()
export class UsageCheck implements RoutineCheck {
  readonly id = 'usage.statistics';

  constructor(
    private readonly dataSource: DataSource,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'databaseKind'>,
  ) {}

  async run({ since, now }: CheckContext): Promise<CheckResult> {
    const [sql, parameters] = this.dataSource.driver.escapeQueryWithParameters(
      `SELECT
        (SELECT COUNT(*) FROM users) AS "users",
        (SELECT COUNT(*) FROM users WHERE status = 'disabled') AS "disabledUsers",
        (SELECT COUNT(*) FROM users u WHERE u.last_login_at >= :since OR EXISTS (
          SELECT 1 FROM messages m WHERE m.author_id = u.id AND m.created_at >= :since AND m.kind <> 'system'
        )) AS "activeUsers",
        (SELECT COUNT(*) FROM rooms WHERE archived_at IS NULL) AS "rooms",
        (SELECT COUNT(*) FROM rooms WHERE archived_at IS NOT NULL) AS "archivedRooms",
        (SELECT COUNT(*) FROM messages WHERE created_at >= :since AND kind <> 'system') AS "messages",
        (SELECT COUNT(*) FROM messages WHERE kind <> 'system') AS "messagesTotal"`,
      { since: since.getTime() },
    );
    const [row] = (await this.dataSource.query(sql, parameters)) as Array<
      Record<keyof Counts, number | string>
    >;
    const counts = Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)])) as Counts;
    const databaseBytes =
      this.config.databaseKind === 'sqlite'
        ? (await sqliteSpace(this.dataSource)).sizeBytes
        : await postgresSize(this.dataSource);
    const days = Math.max(1, Math.round((now.getTime() - since.getTime()) / 86_400_000));
    const date = since.toISOString().slice(0, 10);
    const perDay = Math.round(counts.messages / days);
    const databaseMb = (databaseBytes / 1024 / 1024).toFixed(1);
    return {
      status: 'ok',
      message: {
        en: `Since ${date} (${days} d): ${counts.activeUsers} of ${counts.users} users active, ${counts.messages} messages (${perDay} a day), ${counts.rooms} rooms; database ${databaseMb} MB.`,
        es: `Desde el ${date} (${days} d): ${counts.activeUsers} de ${countEs(counts.users, 'usuario activo', 'usuarios activos')}, ${countEs(counts.messages, 'mensaje', 'mensajes')} (${perDay} al día), ${countEs(counts.rooms, 'sala', 'salas')}; base de datos de ${esDecimal(databaseMb)} MB.`,
      },
      figures: { ...counts, databaseBytes, periodDays: days, since: since.toISOString() },
    };
  }
}
