import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { SummaryFailureCode, SummaryJob, SummaryTrigger } from '@atrio/protocol';
import { randomUUID } from 'node:crypto';
import { DataSource, In, LessThan } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { AppEvents } from '../common/app-events.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../config/atrio-config.js';
import { RoomAccessService } from '../rooms/room-access.service.js';
import { isFinished, type JobRecord, type SummarySelection } from './summary-job.js';
import { SummaryJobRow } from './summary-job.entity.js';

const KEEP_LIVE_MS = 60 * 60_000;
const KEEP_STORED_DAYS = 30;
const LIST_LIMIT = 20;

export interface NewJob {
  actor: Actor | null;
  roomId: number;
  selection: SummarySelection;
  trigger: SummaryTrigger;
  /** The newest message the job will cover, when known (automatic jobs are skipped without news). */
  lastMessageId?: number;
}

/**
 * Jobs in this process's memory while they live, and every job's answer in the database, so a
 * result survives a restart and any instance can answer for it. Who may read a job: its
 * requester; a digest, any reader of its room. Its readers hear of it over their sockets.
 */
@Injectable()
export class SummaryJobStore implements OnModuleInit {
  private readonly live = new Map<string, JobRecord>();

  constructor(
    private readonly dataSource: DataSource,
    private readonly access: RoomAccessService,
    private readonly events: AppEvents,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'aiModel'>,
  ) {}

  get model(): string {
    return this.config.aiModel;
  }

  async onModuleInit(): Promise<void> {
    const repo = this.dataSource.getRepository(SummaryJobRow);
    await repo.delete({ createdAt: LessThan(new Date(Date.now() - KEEP_STORED_DAYS * 86_400_000)) });
    // The queue lived in the process that stopped: its unfinished jobs will never end.
    for (const row of await repo.findBy({ status: In(['queued', 'running']) })) {
      await this.saveView(
        row,
        fail(parse(row.view), 'INTERRUPTED', 'The server restarted before the summary ended; ask again.'),
      );
    }
  }

  create({ actor, roomId, selection, trigger, lastMessageId }: NewJob): JobRecord {
    const id = randomUUID();
    const createdAt = new Date();
    const model = this.config.aiModel;
    const job: JobRecord = {
      id,
      userId: actor?.userId ?? null,
      actor,
      roomId,
      ...selection,
      trigger,
      priority: trigger === 'on-demand' ? 'normal' : 'low',
      model,
      createdAt,
      controller: new AbortController(),
      view: { id, roomId, trigger, kind: 'ai', status: 'queued', model, createdAt: createdAt.toISOString() },
      plannedLastMessageId: lastMessageId,
    };
    this.live.set(id, job);
    this.forgetOld();
    return job;
  }

  /** Writes the job's current view; writes of one job happen in the order asked, never crossed. */
  save(job: JobRecord): Promise<void> {
    const view = job.view;
    const write = (job.lastWrite ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => this.write(job, view));
    job.lastWrite = write;
    return write;
  }

  private async write(job: JobRecord, view: SummaryJob): Promise<void> {
    await this.dataSource.getRepository(SummaryJobRow).save({
      id: job.id,
      roomId: job.roomId,
      userId: job.userId,
      trigger: job.trigger,
      status: view.status,
      lastMessageId: view.coverage?.lastMessageId ?? job.plannedLastMessageId ?? null,
      view: JSON.stringify(view),
      createdAt: job.createdAt,
    });
  }

  /** Stores a job that ended and tells its readers (the requester; every member for a digest). */
  async finish(job: JobRecord): Promise<void> {
    await this.save(job);
    const status = job.view.status === 'done' ? 'done' : 'failed';
    const readers =
      job.userId === null
        ? (await this.dataSource.getRepository(RoomMemberRow).findBy({ roomId: job.roomId })).map(
            (m) => m.userId,
          )
        : [job.userId];
    for (const userId of readers) {
      this.events.emit('summary.ready', {
        userId,
        roomId: job.roomId,
        jobId: job.id,
        trigger: job.trigger,
        status,
      });
    }
  }

  /** Only a requester follows a job's progress; a digest arrives when it is ready. */
  progress(job: JobRecord, extra: { partial?: string } = {}): void {
    const status = job.view.status;
    if (job.userId === null || (status !== 'queued' && status !== 'running')) return;
    this.events.emit('summary.progress', {
      userId: job.userId,
      jobId: job.id,
      roomId: job.roomId,
      trigger: job.trigger,
      status,
      position: job.view.position,
      ...extra,
    });
  }

  /** A job that never got a place in the queue. */
  discard(job: JobRecord): void {
    this.live.delete(job.id);
  }

  liveJobs(): IterableIterator<JobRecord> {
    return this.live.values();
  }

  /** The requester's own live job (to cancel it); someone else's is as unknown as a missing one. */
  own(actor: Actor, jobId: string): JobRecord {
    const job = this.live.get(jobId);
    if (!job || job.userId !== actor.userId) throw notFound();
    return job;
  }

  async read(actor: Actor, jobId: string): Promise<SummaryJob> {
    const live = this.live.get(jobId);
    if (live?.userId === actor.userId) return live.view;
    const row = live
      ? { userId: live.userId, roomId: live.roomId, view: JSON.stringify(live.view) }
      : await this.dataSource.getRepository(SummaryJobRow).findOneBy({ id: jobId });
    if (!row) throw notFound();
    if (row.userId !== actor.userId) {
      if (row.userId !== null || !(await this.readsRoom(actor, row.roomId))) throw notFound();
    }
    return live?.view ?? parse(row.view);
  }

  /** The caller's summaries of a room and the room's digests, newest first. */
  async list(actor: Actor, roomId: number): Promise<SummaryJob[]> {
    await this.access.canRead(actor, roomId);
    const rows = await this.dataSource
      .getRepository(SummaryJobRow)
      .createQueryBuilder('j')
      .where('j.room_id = :roomId', { roomId })
      .andWhere('(j.user_id = :userId OR j.user_id IS NULL)', { userId: actor.userId })
      .orderBy('j.created_at', 'DESC')
      .take(LIST_LIMIT)
      .getMany();
    return rows.map((row) => this.live.get(row.id)?.view ?? parse(row.view));
  }

  /** The newest message an earlier automatic job of this kind covered for this reader (0: none). */
  async lastCovered(userId: number, roomId: number, trigger: SummaryTrigger): Promise<number> {
    const row = await this.dataSource
      .getRepository(SummaryJobRow)
      .createQueryBuilder('j')
      .select('MAX(j.last_message_id)', 'last')
      .where('j.room_id = :roomId AND j.user_id = :userId AND j.trigger = :trigger', {
        roomId,
        userId,
        trigger,
      })
      .getRawOne<{ last: number | string | null }>();
    return Number(row?.last ?? 0);
  }

  private async readsRoom(actor: Actor, roomId: number): Promise<boolean> {
    try {
      await this.access.canRead(actor, roomId);
      return true;
    } catch {
      return false;
    }
  }

  private async saveView(row: SummaryJobRow, view: SummaryJob): Promise<void> {
    await this.dataSource
      .getRepository(SummaryJobRow)
      .update({ id: row.id }, { status: view.status, view: JSON.stringify(view) });
  }

  private forgetOld(): void {
    const cutoff = Date.now() - KEEP_LIVE_MS;
    for (const [id, job] of this.live) {
      if (isFinished(job) && job.createdAt.getTime() < cutoff) this.live.delete(id);
    }
  }
}

function parse(view: string): SummaryJob {
  return JSON.parse(view) as SummaryJob;
}

export function fail(view: SummaryJob, code: SummaryFailureCode, message: string): SummaryJob {
  return {
    ...view,
    status: 'failed',
    position: undefined,
    finishedAt: new Date().toISOString(),
    error: { code, message },
  };
}

const notFound = () => new AppError('NOT_FOUND', 'There is no such summary job.');
