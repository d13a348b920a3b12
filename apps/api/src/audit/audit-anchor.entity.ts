import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';

/**
 * Where the verifiable chain starts once retention removed its oldest entries: the id and hash of
 * the newest removed entry. Written in the same transaction as the `audit.truncated` entry
 * (`entryId`) that repeats these values inside the chain, so a forged anchor has nothing to match.
 */
@Entity({ name: 'audit_anchors' })
export class AuditAnchorRow {
  /** The newest entry removed (or about to be: entries up to here are outside the chain). */
  @PrimaryColumn({ name: 'through_id', type: 'integer' })
  throughId: number;

  @Column({ name: 'through_hash', type: 'varchar', length: 64 })
  throughHash: string;

  /** Entries this anchor removes, those after the previous anchor. */
  @Column({ name: 'removed_count', type: 'integer' })
  removedCount: number;

  /** The `audit.truncated` entry recording this anchor. */
  @Column({ name: 'entry_id', type: 'integer' })
  entryId: number;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;

  @Column({ name: 'actor_id', type: 'integer', nullable: true })
  actorId: number | null;
}
