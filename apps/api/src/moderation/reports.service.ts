import { Injectable } from '@nestjs/common';
import { type CreateReport, type Report, type ResolveReport } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService, type AuditPage } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { MessageRow } from '../messages/message.entity.js';
import { UsersAdminService } from '../users/users-admin.service.js';
import { MessageReportRow } from './message-report.entity.js';
import { ModerationPolicy } from './moderation-policy.service.js';
import { ModerationService } from './moderation.service.js';
import { ReportQueries } from './report-queries.js';

const ACTIVITY_PREFIX = 'moderation.';

/** Members report messages; moderators work through the queue and review what was done. */
@Injectable()
export class ReportsService {
  private readonly queries: ReportQueries;

  constructor(
    private readonly dataSource: DataSource,
    private readonly policy: ModerationPolicy,
    private readonly moderation: ModerationService,
    private readonly audit: AuditService,
    private readonly usersAdmin: UsersAdminService,
  ) {
    this.queries = new ReportQueries(dataSource);
  }

  /** Anyone who can read the message may report it, once; not their own, not the system's. */
  async report(actor: Actor, input: CreateReport): Promise<Report> {
    const message = await this.dataSource.getRepository(MessageRow).findOneBy({ id: input.messageId });
    if (!message || message.deletedAt) throw new AppError('NOT_FOUND', 'There is no such message.');
    await this.policy.canRead(actor, message.roomId);
    if (message.kind === 'system') throw new AppError('FORBIDDEN', 'System messages cannot be reported.');
    if (message.authorId === actor.userId)
      throw new AppError('FORBIDDEN', 'You cannot report your own message.');
    const reports = this.dataSource.getRepository(MessageReportRow);
    const key = { messageId: message.id, reporterId: actor.userId };
    const duplicate = () => new AppError('CONFLICT', 'You have already reported this message.');
    if (await reports.existsBy(key)) throw duplicate();
    let id: number;
    try {
      const inserted = await reports.insert({
        ...key,
        roomId: message.roomId,
        reason: input.reason,
        status: 'open',
        resolution: null,
        resolvedBy: null,
        createdAt: this.moderation.now(),
        resolvedAt: null,
      });
      id = Number(inserted.identifiers[0]!.id);
    } catch (error) {
      // Two reports racing past the check: the unique index keeps one.
      if (await reports.existsBy(key)) throw duplicate();
      throw error;
    }
    await this.audit.record({
      actor,
      action: 'moderation.report.created',
      target: `message:${message.id}`,
      outcome: 'success',
      details: { reportId: id, roomId: message.roomId, userId: message.authorId, reason: input.reason },
    });
    return this.queries.get(id);
  }

  list(request: ListRequest): Promise<Page<Report>> {
    return this.queries.list(request);
  }

  get(id: number): Promise<Report> {
    return this.queries.get(id);
  }

  /** Applies the action to the message or its author, then closes every open report of that message. */
  async resolve(actor: Actor, reportId: number, input: ResolveReport): Promise<Report> {
    const report = await this.dataSource.getRepository(MessageReportRow).findOneBy({ id: reportId });
    if (!report) throw new AppError('NOT_FOUND', 'There is no such report.');
    if (report.status !== 'open') throw new AppError('CONFLICT', 'This report has already been handled.');
    await this.policy.assertModerator(actor, report.roomId);
    const message = await this.dataSource.getRepository(MessageRow).findOneByOrFail({ id: report.messageId });
    const { roomId } = report;
    const from = { reportId, reason: input.reason };
    const author = () => {
      if (message.authorId === null) throw new AppError('NOT_FOUND', 'The author of this message is gone.');
      return message.authorId;
    };
    switch (input.action) {
      case 'remove_message':
        if (!message.deletedAt) await this.moderation.removeMessage(actor, message.id, from);
        break;
      case 'dismiss':
        await this.record(actor, 'moderation.report.dismissed', `message:${message.id}`, {
          reportId,
          roomId,
          reason: input.reason,
        });
        break;
      case 'warn':
        await this.moderation.warn(actor, roomId, {
          ...from,
          userId: author(),
          reason: input.reason || 'one of your messages was reported and reviewed',
        });
        break;
      case 'mute':
        await this.moderation.mute(actor, roomId, { ...from, userId: author(), minutes: input.minutes! });
        break;
      case 'kick':
        await this.moderation.kick(actor, roomId, { ...from, userId: author() });
        break;
      case 'ban':
        await this.moderation.ban(actor, roomId, { ...from, userId: author(), minutes: input.minutes });
        break;
      case 'disable_account':
        await this.disableAccount(actor, author(), from);
        break;
    }
    await this.dataSource.getRepository(MessageReportRow).update(
      { messageId: report.messageId, status: 'open' },
      {
        status: input.action === 'dismiss' ? 'dismissed' : 'resolved',
        resolution: input.action,
        resolvedBy: actor.userId,
        resolvedAt: this.moderation.now(),
      },
    );
    return this.queries.get(reportId);
  }

  /** Administrators only: the account stops working everywhere and its sessions end. */
  async disableAccount(actor: Actor, userId: number, from: { reason?: string; reportId?: number }) {
    if (!actor.permissions.has('users.manage'))
      throw new AppError('FORBIDDEN', 'Only administrators can disable accounts.');
    await this.usersAdmin.update(actor, userId, { status: 'disabled' });
    await this.record(actor, 'moderation.account.disabled', `user:${userId}`, { userId, ...from });
  }

  /** The audit entries of moderation, for reviewing later what moderators did. */
  activity(request: ListRequest): Promise<AuditPage> {
    const { filter } = request;
    const asked = typeof filter.action === 'string' ? filter.action.toLowerCase() : '';
    const action = asked.startsWith(ACTIVITY_PREFIX) ? asked : ACTIVITY_PREFIX;
    return this.audit.list({ ...request, filter: { ...filter, action } });
  }

  private async record(actor: Actor, action: string, target: string, details: Record<string, unknown>) {
    await this.audit.record({ actor, action, target, outcome: 'success', details });
  }
}
