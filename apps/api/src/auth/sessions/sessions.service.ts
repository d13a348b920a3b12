import { Injectable } from '@nestjs/common';
import type { SessionInfo } from '@atrio/protocol';
import { DataSource, In, IsNull } from 'typeorm';
import { AppError } from '../../common/app-error.js';
import { AppEvents } from '../../common/app-events.js';
import { Clock } from '../../common/clock.js';
import { SettingsService } from '../../settings/settings.service.js';
import type { RequestOrigin } from '../../common/actor.js';
import { SESSION_SETTINGS } from '../auth-settings.js';
import { readSessionByTokenHash } from './actor-reader.js';
import { SessionRow } from './session.entity.js';
import { hashToken, newSessionId, newSessionToken } from './session-token.js';

/** Writing last-seen on every request would turn each read into a write; a minute's precision is enough. */
export const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class SessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly events: AppEvents,
    private readonly clock: Clock,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(SessionRow);
  }

  async create(userId: number, origin: RequestOrigin): Promise<{ token: string; session: SessionRow }> {
    const policy = await this.settings.get(SESSION_SETTINGS);
    const now = this.clock.now();
    const { token, tokenHash } = newSessionToken();
    const session = this.repository.create({
      id: newSessionId(),
      tokenHash,
      userId,
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + policy.absoluteHours * 3_600_000),
      idleTimeoutMs: policy.idleMinutes * 60_000,
      ip: origin.ip.slice(0, 64),
      userAgent: origin.userAgent.slice(0, 255),
      revokedAt: null,
      revokeReason: null,
    });
    await this.repository.insert(session);
    return { token, session };
  }

  /** The live session for a token, touched as activity; null when unknown, revoked or expired. */
  async resolve(token: string, touch = true): Promise<SessionRow | null> {
    if (token.length < 20 || token.length > 100) return null;
    const session = await readSessionByTokenHash(this.dataSource, hashToken(token));
    if (!session || !this.isLive(session)) return null;
    const now = this.clock.now();
    if (touch && now.getTime() - session.lastSeenAt.getTime() >= TOUCH_INTERVAL_MS) {
      session.lastSeenAt = now;
      await this.repository.update({ id: session.id }, { lastSeenAt: now });
    }
    return session;
  }

  isLive(session: SessionRow): boolean {
    const now = this.clock.now().getTime();
    return (
      session.revokedAt === null &&
      session.expiresAt.getTime() > now &&
      session.lastSeenAt.getTime() + session.idleTimeoutMs > now
    );
  }

  async listForUser(userId: number, currentSessionId?: string): Promise<SessionInfo[]> {
    const sessions = await this.repository.find({
      where: { userId, revokedAt: IsNull() },
      order: { lastSeenAt: 'DESC' },
    });
    return sessions
      .filter((session) => this.isLive(session))
      .map((session) => ({
        id: session.id,
        createdAt: session.createdAt.toISOString(),
        lastSeenAt: session.lastSeenAt.toISOString(),
        expiresAt: this.effectiveExpiry(session).toISOString(),
        ip: session.ip,
        userAgent: session.userAgent,
        current: session.id === currentSessionId,
      }));
  }

  /** When the session ends if nothing else happens: the idle deadline or the absolute one. */
  effectiveExpiry(session: SessionRow): Date {
    return new Date(
      Math.min(session.expiresAt.getTime(), session.lastSeenAt.getTime() + session.idleTimeoutMs),
    );
  }

  async revokeOne(userId: number, sessionId: string, reason: string): Promise<void> {
    const session = await this.repository.findOneBy({ id: sessionId, userId, revokedAt: IsNull() });
    if (!session) throw new AppError('NOT_FOUND', 'There is no such active session.');
    await this.revoke(userId, [sessionId], reason);
  }

  /** Ends every session of a user (optionally all but one); their sockets are dropped too. */
  async revokeAllForUser(userId: number, reason: string, exceptSessionId?: string): Promise<number> {
    const sessions = await this.repository.find({
      where: { userId, revokedAt: IsNull() },
      select: { id: true },
    });
    const ids = sessions.map((s) => s.id).filter((id) => id !== exceptSessionId);
    await this.revoke(userId, ids, reason);
    return ids.length;
  }

  private async revoke(userId: number, sessionIds: string[], reason: string): Promise<void> {
    if (sessionIds.length === 0) return;
    await this.repository.update(
      { id: In(sessionIds) },
      { revokedAt: this.clock.now(), revokeReason: reason },
    );
    this.events.emit('sessions.revoked', { userId, sessionIds, reason });
  }

  /** Deletes sessions that ended more than a day ago; keeps the table small. */
  async purgeEnded(): Promise<number> {
    const cutoff = this.clock.now().getTime() - 86_400_000;
    const result = await this.repository
      .createQueryBuilder()
      .delete()
      .where('expires_at < :cutoff OR revoked_at < :cutoff OR last_seen_at + idle_timeout_ms < :cutoff', {
        cutoff,
      })
      .execute();
    return result.affected ?? 0;
  }

  /** Of these sessions, the ids of those revoked or past their idle or absolute deadline (to drop their sockets). */
  async findEnded(sessionIds: string[]): Promise<string[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.repository
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .where('s.id IN (:...ids)', { ids: sessionIds })
      .andWhere(
        '(s.revoked_at IS NOT NULL OR s.expires_at <= :now OR s.last_seen_at + s.idle_timeout_ms <= :now)',
        { now: this.clock.now().getTime() },
      )
      .getRawMany<{ id: string }>();
    return rows.map((row) => row.id);
  }
}
