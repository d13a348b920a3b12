import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Server, ServerOptions } from 'socket.io';
import { StartupError } from '../config/startup-error.js';
import { redactUrl } from '../database/data-source.js';

/**
 * With ATRIO_REDIS_URL set, Socket.IO broadcasts, room joins and disconnects go through Redis, so
 * several Atrio instances behind a load balancer act as one: a message sent on one reaches the
 * sockets of all.
 */
export class RedisIoAdapter extends IoAdapter {
  private clients: Redis[] = [];

  constructor(
    app: INestApplicationContext,
    private readonly url: string,
    private readonly log: Logger,
  ) {
    super(app);
  }

  async connect(): Promise<void> {
    const pub = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 3, connectTimeout: 5000 });
    const sub = pub.duplicate();
    this.clients = [pub, sub];
    // ioredis reconnects by itself; say so in the log instead of crashing on an unhandled 'error'.
    let lastLogged = 0;
    for (const client of this.clients) {
      client.on('error', (error: Error) => {
        if (Date.now() - lastLogged < 10_000) return;
        lastLogged = Date.now();
        this.log.warn({ err: error, redis: redactUrl(this.url) }, 'Redis connection problem; retrying');
      });
    }
    try {
      await Promise.all(this.clients.map((client) => client.connect()));
    } catch (error) {
      this.clients.forEach((client) => client.disconnect());
      const reason = error instanceof Error ? error.message : String(error);
      throw new StartupError('ATRIO_REDIS_URL', `cannot connect to ${redactUrl(this.url)} (${reason})`);
    }
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server = super.createIOServer(port, options) as Server;
    server.adapter(createAdapter(this.clients[0]!, this.clients[1]!));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.all(this.clients.map((client) => client.quit().catch(() => client.disconnect())));
  }
}
