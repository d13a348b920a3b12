import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The single row (id 1) naming the newest entry. Appends lock it, so two server instances can never
 * link two entries to the same predecessor; verify compares it with the newest entry, so removing
 * the latest entries is detected too.
 */
@Entity({ name: 'audit_chain_head' })
export class AuditChainHead {
  @PrimaryColumn({ type: 'integer' })
  id: number;

  @Column({ name: 'last_id', type: 'integer' })
  lastId: number;

  @Column({ type: 'varchar', length: 64 })
  hash: string;
}
