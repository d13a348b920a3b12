import { Column, Entity, PrimaryColumn } from 'typeorm';
import { epochMillis } from '../database/columns.js';
import { sealedColumn } from '../encryption/sealed-fields.js';

/** Random values generated once per installation and shared by every server instance. */
@Entity({ name: 'server_secrets' })
export class ServerSecret {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  name: string;

  /** Base64, encrypted at rest. */
  @Column({ type: 'varchar', length: 255, transformer: sealedColumn('server_secrets.value') })
  value: string;

  @Column({ name: 'created_at', type: 'bigint', transformer: epochMillis })
  createdAt: Date;
}
