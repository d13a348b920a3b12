import { Injectable } from '@nestjs/common';
import {
  AUDIT_ACTION_PATTERN,
  AUDIT_OUTCOMES,
  AUDIT_SORTABLE,
  type AuditEntry,
  type AuditOutcome,
  type AuditVerifyResult,
  type ListQuery,
} from '@atrio/protocol';
import { DataSource } from 'typeorm';
import type { Actor } from '../common/actor.js';
import { AppError } from '../common/app-error.js';
import { type ListRequest, type Page, parseListQuery } from '../common/ra-list.js';
import { appendToChain, type PreparedEntry } from './audit-append.js';
import { currentAuditOrigin } from './audit-origin.js';
import { sanitizeDetails } from './audit-chain.js';
import { AuditChainHead } from './audit-chain-head.entity.js';
import { auditCsvHeader, auditCsvRow } from './audit-csv.js';
import { AuditEntryRow } from './audit-entry.entity.js';
import { toAuditEntry } from './audit-entry.mapper.js';
import { applyAuditFilter, parseAuditFilter } from './audit-filter.js';
import { verifyAuditChain } from './audit-verifier.js';

export interface NewAuditEntry {
  /** Null for the system (routines, start-up) and for callers not yet identified (failed logins). */
  actor: Actor | null;
  /** Used when there is no actor: the attempted username of a failed login. */
  actorName?: string;
  /** Used when there is no actor but the user is known, e.g. a successful login. */
  actorId?: number;
  action: string;
  target?: string;
  outcome: AuditOutcome;
  /** Defaults to the actor's address. */
  ip?: string;
  /** Secret-named keys are dropped at any depth before anything is stored. */
  details?: Record<string, unknown>;
}

export type AuditPage = Page<AuditEntry>;

const HEAD_ID = 1;
const EXPORT_PAGE = 500;
const SORT_COLUMNS: Record<(typeof AUDIT_SORTABLE)[number], string> = {
  id: 'e.id',
  at: 'e.at',
  action: 'e.action',
  // The same order on SQLite and on PostgreSQL whatever its collation: "ana" before "Bob".
  actorName: 'LOWER(e.actorName)',
  outcome: 'e.outcome',
};

/** The append-only, hash-chained audit trail every module writes to. */
@Injectable()
export class AuditService {
  /** Appends run one after another in this process, in call order; the head lock covers other processes. */
  private appending: Promise<unknown> = Promise.resolve();

  constructor(private readonly dataSource: DataSource) {}

  /** Resolves once the entry is committed; rejects (never throws) on a malformed entry or a database failure. */
  async record(entry: NewAuditEntry): Promise<AuditEntry> {
    const row = prepare(entry);
    const appended = this.appending.then(async () => toAuditEntry(await appendToChain(this.dataSource, row)));
    this.appending = appended.catch(() => undefined);
    return appended;
  }

  /** Recomputes the whole chain; the console's button and the integrity routine call it. */
  verify(): Promise<AuditVerifyResult> {
    return verifyAuditChain(this.dataSource);
  }

  /** Verifies, and records who checked and what was found: a broken chain is itself an event. */
  async verifyFor(actor: Actor | null): Promise<AuditVerifyResult> {
    const result = await this.verify();
    const { ok: _ok, ...details } = result;
    await this.record({
      actor,
      action: 'audit.verified',
      outcome: result.ok ? 'success' : 'failure',
      details,
    });
    return result;
  }

  async list(request: ListRequest): Promise<AuditPage> {
    const filter = parseAuditFilter(request.filter);
    const column = SORT_COLUMNS[request.sort.field as keyof typeof SORT_COLUMNS];
    const [rows, total] = await applyAuditFilter(this.entries(), filter)
      .orderBy(column, request.sort.order, 'NULLS LAST')
      .addOrderBy('e.id', request.sort.order)
      .offset(request.skip)
      .limit(request.take)
      .getManyAndCount();
    return { rows: rows.map(toAuditEntry), total };
  }

  async get(id: string): Promise<AuditEntry> {
    if (!/^\d{1,16}$/.test(id) || Number(id) < 1) {
      throw new AppError('VALIDATION_FAILED', 'The audit entry id must be a positive integer.', {
        fields: [{ path: 'id', message: 'must be a positive integer' }],
      });
    }
    const row =
      Number(id) <= 2_147_483_647
        ? await this.entries()
            .where('e.id = :id', { id: Number(id) })
            .getOne()
        : null;
    if (!row) throw new AppError('NOT_FOUND', `There is no audit entry ${id}.`);
    return toAuditEntry(row);
  }

  /**
   * The filtered trail as CSV, oldest first (chain order, so a script can re-verify a full export),
   * fetched page by page. Validation happens before the first byte, so a bad filter is still a 400.
   */
  async exportCsv(actor: Actor | null, query: ListQuery): Promise<AsyncIterable<string>> {
    const filter = parseAuditFilter(parseListQuery({ filter: query.filter }, AUDIT_SORTABLE, 'id').filter);
    const head = await this.dataSource.getRepository(AuditChainHead).findOneByOrFail({ id: HEAD_ID });
    await this.record({ actor, action: 'audit.exported', outcome: 'success', details: { filter } });
    return this.csvPages(filter, head.lastId);
  }

  private async *csvPages(
    filter: ReturnType<typeof parseAuditFilter>,
    upToId: number,
  ): AsyncIterable<string> {
    yield auditCsvHeader();
    let afterId = 0;
    for (;;) {
      // Keyset paging: cheap at any depth, and entries appended meanwhile are left out (upToId).
      const rows = await applyAuditFilter(this.entries(), filter)
        .andWhere('e.id > :afterId AND e.id <= :upToId', { afterId, upToId })
        .orderBy('e.id', 'ASC')
        .limit(EXPORT_PAGE)
        .getMany();
      if (rows.length > 0) yield rows.map((row) => auditCsvRow(toAuditEntry(row))).join('');
      if (rows.length < EXPORT_PAGE) return;
      afterId = rows[rows.length - 1]!.id;
    }
  }

  private entries() {
    return this.dataSource.getRepository(AuditEntryRow).createQueryBuilder('e');
  }
}

/** Everything that can be checked before queueing is; a bad action name is a bug in the caller. */
export function prepare(entry: NewAuditEntry): PreparedEntry {
  if (!AUDIT_ACTION_PATTERN.test(entry.action) || entry.action.length > 64) {
    throw new Error(`Invalid audit action "${entry.action}": use dotted lower-case names like "user.locked"`);
  }
  if (!AUDIT_OUTCOMES.includes(entry.outcome)) throw new Error(`Invalid audit outcome "${entry.outcome}"`);
  return {
    actorId: entry.actor?.userId ?? entry.actorId ?? null,
    actorName: clip(entry.actor?.username ?? entry.actorName, 128),
    action: entry.action,
    target: clip(entry.target, 255),
    outcome: entry.outcome,
    ip: clip(entry.ip ?? entry.actor?.ip, 64),
    details: JSON.stringify(sanitizeDetails({ ...entry.details, ...currentAuditOrigin() })),
  };
}

/** Attempted usernames and addresses come from outside; they must fit their columns. */
function clip(text: string | undefined, length: number): string | null {
  return text === undefined ? null : text.slice(0, length);
}
