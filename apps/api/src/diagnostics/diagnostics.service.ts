import { Inject, Injectable } from '@nestjs/common';
import type { AuthenticationDiagnostics, ConnectionDiagnostics } from '@atrio/protocol';
import { DataSource, MoreThanOrEqual } from 'typeorm';
import { AuditEntryRow } from '../audit/audit-entry.entity.js';
import { LoginAttemptsService } from '../auth/login/login-attempts.service.js';
import { describeCertificate } from '../certificates/certificate-status.js';
import { TlsState } from '../certificates/tls-state.js';
import { Clock } from '../common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { User } from '../users/user.entity.js';
import { authenticationFindings, connectionFindings } from './findings.js';
import { RefusalLog } from './refusal-log.js';

const DAY_MS = 86_400_000;
const REASONS: Record<string, string> = {
  'wrong password': 'password',
  'wrong second-factor code': 'totp',
  'wrong security answers': 'answers',
  'wrong or expired reset code': 'reset_code',
  'reset code already used': 'reset_code',
};

/** §9.1 of the manual from live figures: each page names the likely cause, not a checklist. */
@Injectable()
export class DiagnosticsService {
  constructor(
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'host' | 'port'>,
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    private readonly tls: TlsState,
    private readonly attempts: LoginAttemptsService,
    private readonly refusals: RefusalLog,
  ) {}

  connection(reachedAs: string, localPort: number): ConnectionDiagnostics {
    const now = this.clock.now();
    const { cert, key } = this.tls.current;
    const status = describeCertificate(cert, key, null, now);
    const host = reachedAs.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
    const names = status.sans.map((san) => san.replace(/^(DNS|IP Address|IP):/, ''));
    const figures = {
      listening: { host: this.config.host, port: this.config.port || localPort },
      reachedAs: host,
      certificate: {
        daysLeft: status.daysLeft,
        names: status.sans,
        coversReachedAs: names.some(
          (name) => name === host || (name.startsWith('*.') && host.endsWith(name.slice(1))),
        ),
        selfSigned: status.selfSigned,
      },
      refusals: this.refusals.list().slice(0, 50),
    };
    return { ...figures, findings: connectionFindings(figures, now) };
  }

  async authentication(): Promise<AuthenticationDiagnostics> {
    const now = this.clock.now();
    const since = new Date(now.getTime() - DAY_MS);
    const rows = await this.dataSource.getRepository(AuditEntryRow).find({
      where: { at: MoreThanOrEqual(since), outcome: 'failure' },
      order: { id: 'DESC' },
      take: 10_000,
    });
    const failures = rows.filter((row) => row.action.startsWith('auth.') && row.action.endsWith('.failed'));
    const tally = (key: (row: AuditEntryRow) => string) => {
      const counts = new Map<string, number>();
      for (const row of failures) counts.set(key(row), (counts.get(key(row)) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]);
    };
    const lockedAccounts = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .where("u.status = 'active' AND u.locked_until > :now", { now: now.getTime() })
      .getCount();
    const { states } = await this.attempts.addresses();
    const figures = {
      since: since.toISOString(),
      failures: failures.length,
      byReason: tally((row) => REASONS[reasonOf(row)] ?? 'other').map(([reason, count]) => ({
        reason,
        count,
      })),
      byAddress: tally((row) => row.ip ?? 'unknown')
        .slice(0, 10)
        .map(([ip, count]) => ({ ip, count })),
      unknownNames: failures.filter((row) => row.actorId === null).length,
      lockedAccounts,
      throttledAddresses: states.filter((state) => state.throttled).length,
      serverTime: now.toISOString(),
    };
    return { ...figures, findings: authenticationFindings(figures) };
  }
}

function reasonOf(row: AuditEntryRow): string {
  try {
    return String((JSON.parse(row.details) as { reason?: unknown }).reason ?? '');
  } catch {
    return '';
  }
}
