import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { MessageRow } from './message.entity.js';

type NewMessage = Omit<MessageRow, 'id' | 'room' | 'author'>;

interface Pending {
  row: NewMessage;
  resolve: (row: MessageRow & { duplicate: boolean }) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: messages that arrive together are stored in one transaction, and each sender is
 * answered only after that commit (synchronous=FULL: durable even across a power cut). One fsync
 * per batch instead of one per message is what keeps throughput up.
 */
@Injectable()
export class MessageWriter {
  private pending: Pending[] = [];
  private flushing: Promise<void> | null = null;

  constructor(private readonly dataSource: DataSource) {}

  /** Stores the message, or returns the one already stored under the same (author, clientMsgId). */
  write(row: NewMessage): Promise<MessageRow & { duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.pending.push({ row, resolve, reject });
      if (!this.flushing)
        this.flushing = new Promise((done) => setImmediate(() => void this.flush().then(done)));
    });
  }

  /** Bound parameters (not values in the SQL text) so SQLite reuses one prepared statement. */
  private advanceAuthor(
    manager: EntityManager,
    roomId: number,
    userId: number,
    id: number,
  ): Promise<unknown> {
    if (manager.connection.driver.options.type === 'postgres') {
      return manager.query(
        `UPDATE room_members SET read_id = $1, delivered_id = GREATEST(delivered_id, $1)
         WHERE room_id = $2 AND user_id = $3 AND read_id < $1`,
        [id, roomId, userId],
      );
    }
    return manager.query(
      `UPDATE room_members SET read_id = ?, delivered_id = MAX(delivered_id, ?)
       WHERE room_id = ? AND user_id = ? AND read_id < ?`,
      [id, id, roomId, userId, id],
    );
  }

  private async flush(): Promise<void> {
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0);
      try {
        const stored = await this.dataSource.transaction(async (manager) => {
          const results: Array<MessageRow & { duplicate: boolean }> = [];
          for (const { row } of batch) {
            const existing = row.clientMsgId
              ? await manager
                  .getRepository(MessageRow)
                  .findOneBy({ authorId: row.authorId!, clientMsgId: row.clientMsgId })
              : null;
            if (existing) {
              results.push({ ...existing, duplicate: true });
              continue;
            }
            const inserted = await manager.getRepository(MessageRow).insert(row);
            const id = Number(inserted.identifiers[0]!.id);
            // The author has seen what they wrote: in the same commit, not a second fsync.
            if (row.authorId !== null) await this.advanceAuthor(manager, row.roomId, row.authorId, id);
            results.push({ ...(row as MessageRow), id, duplicate: false });
          }
          return results;
        });
        batch.forEach((item, i) => item.resolve(stored[i]!));
      } catch (error) {
        batch.forEach((item) => item.reject(error));
      }
    }
    this.flushing = null;
  }
}
