import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ActorResolver } from '../auth/sessions/actor-resolver.service.js';
import { requestOrigin } from '../common/auth.decorators.js';
import { readCredential } from '../auth/sessions/credentials-transport.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { SettingsService } from '../settings/settings.service.js';
import { SCRAPE_TOKEN } from './monitoring-settings.js';

/**
 * Who may read /metrics (CONTRACT.md): a Prometheus server holding the scrape token, or a signed-in
 * user with monitoring.read. The route is public to the global guard so the scrape token can work.
 */
@Injectable()
export class MetricsAccessService {
  constructor(
    private readonly settings: SettingsService,
    private readonly resolver: ActorResolver,
    private readonly audit: AuditService,
  ) {}

  async assertAllowed(request: Request): Promise<void> {
    const credential = readCredential(request);
    if (!credential) throw new AppError('UNAUTHORIZED', 'Send the scrape token or a session token.');
    if (credential.via === 'header' && (await this.isScrapeToken(credential.token))) return;
    const origin = requestOrigin(request);
    const resolved = await this.resolver.resolve(credential.token, origin.ip);
    if (!resolved)
      throw new AppError('UNAUTHORIZED', 'Unknown token: send the scrape token or sign in again.');
    if (resolved.restriction) {
      throw new AppError(resolved.restriction, 'Finish setting up your account before reading metrics.');
    }
    if (!resolved.actor.permissions.has('monitoring.read')) {
      await this.audit.record({
        actor: resolved.actor,
        action: 'access.denied',
        target: 'GET /metrics',
        outcome: 'denied',
        details: { missing: ['monitoring.read'] },
      });
      throw new AppError('FORBIDDEN', 'This needs the monitoring.read permission.', {
        missing: ['monitoring.read'],
      });
    }
  }

  private async isScrapeToken(token: string): Promise<boolean> {
    const expected = await this.settings.get(SCRAPE_TOKEN);
    if (expected === '') return false;
    // Hashing first gives equal lengths, so the comparison time says nothing about the token.
    return timingSafeEqual(digest(token), digest(expected));
  }
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
