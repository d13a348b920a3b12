import { Injectable } from '@nestjs/common';
import type {
  RetentionPolicy,
  RetentionPreview,
  RetentionRoomCount,
  RetentionRun,
  RetentionRunResult,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { anchorAuditCut, deleteAnchored, planAuditCut } from '../audit/audit-truncation.js';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import type { ListRequest, Page } from '../common/ra-list.js';
import { SettingsService } from '../settings/settings.service.js';
import { countExpired, DAY_MS, type MessageRule, nextExpired, purgeMessages } from './expired-messages.js';
import { RetentionRunRow } from './retention-run.entity.js';
import { RetentionRuns, toRetentionRun } from './retention-runs.js';
import { RETENTION_POLICY } from './retention-settings.js';

export type RetentionProgress = (done: number, total: number, label: string) => void;

/** Small transactions: on SQLite each one holds the only connection, so chat waits at most one batch. */
const MESSAGE_BATCH = 500;
const AUDIT_BATCH = 1000;

const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Deletes messages and audit entries past their retention; previews exactly what a run deletes. */
@Injectable()
export class RetentionService {
  readonly runs: RetentionRuns;
  private active: Promise<unknown> | null = null;

  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {
    this.runs = new RetentionRuns(dataSource);
  }

  policy(): Promise<RetentionPolicy> {
    return this.settings.get(RETENTION_POLICY);
  }

  setPolicy(actor: Actor, policy: RetentionPolicy): Promise<RetentionPolicy> {
    return this.settings.set(RETENTION_POLICY, policy, actor);
  }

  /** What a run at `now` would delete, through the same queries the run deletes with. */
  async preview(now: Date = this.clock.now()): Promise<RetentionPreview> {
    const policy = await this.policy();
    const rule = messageRule(policy, now);
    const rooms = await this.describeRooms(await countExpired(this.dataSource, rule), rule);
    const cutoff = auditCutoff(policy, now);
    const cut = cutoff ? await planAuditCut(this.dataSource, cutoff) : null;
    return {
      at: now.toISOString(),
      messages: rooms.reduce((sum, room) => sum + room.messages, 0),
      rooms,
      auditEntries: cut?.entries ?? 0,
      auditCutoff: cutoff?.toISOString() ?? null,
      auditThroughId: cut && cut.entries > 0 ? cut.throughId : null,
    };
  }

  /** On demand (REST, CLI); CONFLICT while another run is in progress in this process. */
  async run(actor: Actor | null, onProgress?: RetentionProgress): Promise<RetentionRunResult> {
    return (await this.exclusive(() => this.perform('manual', null, actor, onProgress)))!;
  }

  /** The daily run for `slot`; null when it was already taken (here or by another instance). */
  async runScheduled(slot: Date): Promise<RetentionRunResult | null> {
    return this.exclusive(() => this.perform('scheduled', slot, null));
  }

  get running(): boolean {
    return this.active !== null;
  }

  listRuns(request: ListRequest): Promise<Page<RetentionRun>> {
    return this.runs.list(request);
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    if (this.active) throw new AppError('CONFLICT', 'A retention run is already in progress.');
    const running = work();
    this.active = running.finally(() => {
      this.active = null;
    });
    return running;
  }

  private async perform(
    trigger: RetentionRun['trigger'],
    slot: Date | null,
    actor: Actor | null,
    onProgress?: RetentionProgress,
  ): Promise<RetentionRunResult | null> {
    const now = this.clock.now();
    const policy = await this.policy();
    const planned = await this.preview(now);
    const run = await this.runs.start(trigger, slot, actor?.userId ?? null, now);
    if (!run) return null;
    const total = planned.messages + planned.auditEntries;
    const progress = (done: number, label: string) => onProgress?.(done, total, label);
    progress(0, 'messages');
    try {
      const rule = messageRule(policy, now);
      const purged = await this.purgeMessages(run, rule, (done) => progress(done, 'messages'));
      const rooms = await this.describeRooms(purged.perRoom, rule);
      const audit = await this.truncateAudit(policy, now, actor, (done) =>
        progress(purged.messages + done, 'audit entries'),
      );
      const counts = { ...purged, roomsAffected: rooms.length, ...audit };
      const finished = await this.runs.finish(run, 'done', counts, this.clock.now());
      await this.record(actor, finished, 'success', { messageCutoff: rule.globalCutoff });
      return { ...toRetentionRun(finished), rooms };
    } catch (error) {
      const note = error instanceof Error ? error.message : String(error);
      const failed = await this.runs.finish(run, 'failed', { note }, this.clock.now());
      await this.record(actor, failed, 'failure', {}).catch(() => undefined); // keep the original error
      throw error;
    }
  }

  private async purgeMessages(run: RetentionRunRow, rule: MessageRule, onBatch: (done: number) => void) {
    const totals = { messages: 0, reactions: 0, reports: 0, perRoom: new Map<number, number>() };
    let afterId = 0;
    for (;;) {
      const { batch, counts } = await this.dataSource.transaction(async (manager) => {
        // Progress first: a write up front makes SQLite take its write lock before the batch is read,
        // so a commit from the message writer's own connection cannot invalidate what was read.
        await manager.getRepository(RetentionRunRow).update({ id: run.id }, { messages: totals.messages });
        const batch = await nextExpired(manager, rule, afterId, MESSAGE_BATCH);
        return {
          batch,
          counts: await purgeMessages(
            manager,
            batch.map((m) => m.id),
          ),
        };
      });
      for (const { roomId } of batch) totals.perRoom.set(roomId, (totals.perRoom.get(roomId) ?? 0) + 1);
      totals.messages += counts.messages;
      totals.reactions += counts.reactions;
      totals.reports += counts.reports;
      onBatch(totals.messages);
      if (batch.length < MESSAGE_BATCH) return totals;
      afterId = batch.at(-1)!.id;
      await yieldToOthers();
    }
  }

  /**
   * Anchors the chain past the expired entries, then deletes them in batches. A chain that does not
   * verify is left whole: removing its oldest entries could destroy the evidence of the tampering.
   */
  private async truncateAudit(
    policy: RetentionPolicy,
    now: Date,
    actor: Actor | null,
    onBatch: (done: number) => void,
  ): Promise<{ auditEntries: number; note: string | null }> {
    const cutoff = auditCutoff(policy, now);
    if (!cutoff || (await planAuditCut(this.dataSource, cutoff)).entries === 0) {
      return { auditEntries: 0, note: null };
    }
    const verified = await this.audit.verify();
    if (!verified.ok) {
      const note = `Audit entries kept: the chain does not verify at entry ${verified.firstBrokenId} (${verified.reason}).`;
      return { auditEntries: 0, note };
    }
    const cut = await anchorAuditCut(this.dataSource, cutoff, actor);
    let deleted = 0;
    for (;;) {
      const count = await deleteAnchored(this.dataSource, cut.throughId, AUDIT_BATCH);
      deleted += count;
      onBatch(deleted);
      if (count === 0) return { auditEntries: deleted, note: null };
      await yieldToOthers();
    }
  }

  /** Names and cutoffs of the rooms in `counts`, by room id. */
  private async describeRooms(counts: Map<number, number>, rule: MessageRule): Promise<RetentionRoomCount[]> {
    if (counts.size === 0) return [];
    const rows = await this.dataSource
      .createQueryBuilder()
      .select(['r.id AS "id"', 'r.name AS "name"', 'rr.message_days AS "days"'])
      .from('rooms', 'r')
      .leftJoin('room_retention', 'rr', 'rr.room_id = r.id')
      .where('r.id IN (:...ids)', { ids: [...counts.keys()] })
      .getRawMany<{ id: number | string; name: string; days: number | string | null }>();
    return rows
      .map((row) => {
        const id = Number(row.id);
        const days = row.days === null ? null : Number(row.days);
        const cutoff = days === null ? rule.globalCutoff! : new Date(rule.now.getTime() - days * DAY_MS);
        return { roomId: id, roomName: row.name, cutoff: cutoff.toISOString(), messages: counts.get(id)! };
      })
      .sort((a, b) => a.roomId - b.roomId);
  }

  private async record(
    actor: Actor | null,
    run: RetentionRunRow,
    outcome: 'success' | 'failure',
    extra: Record<string, unknown>,
  ): Promise<void> {
    const { id: _id, ...details } = toRetentionRun(run);
    await this.audit.record({
      actor,
      action: 'retention.run',
      target: `retention-run:${run.id}`,
      outcome,
      details: { ...details, ...extra },
    });
  }
}

function messageRule(policy: RetentionPolicy, now: Date): MessageRule {
  const globalCutoff =
    policy.messageDays === null ? null : new Date(now.getTime() - policy.messageDays * DAY_MS);
  return { now, globalCutoff };
}

function auditCutoff(policy: RetentionPolicy, now: Date): Date | null {
  return policy.auditDays === null ? null : new Date(now.getTime() - policy.auditDays * DAY_MS);
}
