import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { RolesService } from '../../roles/roles.service.js';
import { TwoFactorService } from '../../two-factor/two-factor.service.js';
import type { Actor } from '../../common/actor.js';
import { readActorUser } from './actor-reader.js';
import { SessionsService } from './sessions.service.js';

export interface ResolvedSession {
  actor: Actor;
  /** The user may only change their password / enrol 2FA (and sign out) until this is done. */
  restriction: 'PASSWORD_CHANGE_REQUIRED' | 'TWO_FACTOR_ENROLMENT_REQUIRED' | null;
  expiresAt: Date;
}

/** Turns a bearer token (REST header, cookie or socket handshake) into the acting user. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly sessions: SessionsService,
    private readonly dataSource: DataSource,
    private readonly roles: RolesService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  async resolve(token: string, ip: string): Promise<ResolvedSession | null> {
    const session = await this.sessions.resolve(token);
    if (!session) return null;
    const user = await readActorUser(this.dataSource, session.userId);
    if (!user || user.status === 'disabled') return null;
    const access = await this.roles.accessOf(user.id);
    const restriction = user.mustChangePassword
      ? 'PASSWORD_CHANGE_REQUIRED'
      : access.requireTwoFactor && !(await this.twoFactor.isEnabled(user.id))
        ? 'TWO_FACTOR_ENROLMENT_REQUIRED'
        : null;
    return {
      actor: {
        userId: user.id,
        username: user.username,
        displayName: user.displayName,
        roles: access.roles,
        permissions: access.permissions,
        sessionId: session.id,
        ip,
      },
      restriction,
      expiresAt: this.sessions.effectiveExpiry(session),
    };
  }
}
