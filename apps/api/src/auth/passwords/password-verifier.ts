import { Injectable, type OnModuleInit } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { hashPassword, verifyPassword } from './password-hasher.js';
import { BoundedConcurrency } from '../../common/concurrency.js';

/**
 * How many argon2 hashes run at once: one core fewer than the process may use, so that a login
 * storm never takes the event loop's core (every chat delivery waits on it), and at most three, so
 * that one of libuv's four pool threads (where the hashes run) stays free for file and DNS work.
 * Up to 200 more wait; the rest are told to retry (503).
 */
const HASH_CONCURRENCY = Math.min(3, Math.max(1, availableParallelism() - 1));
const HASH_QUEUE = 200;

/** Every password hash and check in the server goes through here, so their total cost is capped. */
@Injectable()
export class PasswordVerifier implements OnModuleInit {
  private readonly gate = new BoundedConcurrency(HASH_CONCURRENCY, HASH_QUEUE);
  /** Checked when the username is unknown, so that answer takes as long as a real check. */
  private decoyHash = '';

  async onModuleInit(): Promise<void> {
    this.decoyHash = await hashPassword(randomBytes(16).toString('hex'));
  }

  verify(passwordHash: string | null, password: string): Promise<boolean> {
    return this.gate.run(async () => {
      const ok = await verifyPassword(passwordHash ?? this.decoyHash, password);
      return passwordHash !== null && ok;
    });
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => hashPassword(password));
  }
}
