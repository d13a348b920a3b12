import { type OnModuleDestroy } from '@nestjs/common';
import { type OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { ActorResolver } from '../auth/actor-resolver.service.js';
import { SessionsService } from '../auth/sessions.service.js';
import { AppEvents } from '../common/app-events.js';
import { authenticateSocket, type SocketData } from './socket-auth.js';

const EXPIRY_SWEEP_MS = 30_000;

/**
 * Socket.IO on the same TLS port as REST. Every handshake is authenticated; a socket lives only as
 * long as its session: revoked sessions are dropped at once, expired ones within 30 s.
 */
@WebSocketGateway({ serveClient: false, maxHttpBufferSize: 64 * 1024 })
export class RealtimeGateway implements OnGatewayInit, OnModuleDestroy {
  @WebSocketServer()
  server: Server;

  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly resolver: ActorResolver,
    private readonly sessions: SessionsService,
    private readonly events: AppEvents,
  ) {}

  afterInit(server: Server): void {
    server.use((socket, next) => {
      authenticateSocket(socket, this.resolver).then(
        (refusal) => next(refusal ?? undefined),
        () => next(new Error('UNAVAILABLE')),
      );
    });
    this.cleanups.push(
      this.events.on('sessions.revoked', ({ sessionIds }) => {
        for (const id of sessionIds) server.in(`session:${id}`).disconnectSockets(true);
      }),
    );
    const sweep = setInterval(() => void this.dropExpired(), EXPIRY_SWEEP_MS);
    sweep.unref();
    this.cleanups.push(() => clearInterval(sweep));
  }

  onModuleDestroy(): void {
    this.cleanups.splice(0).forEach((cleanup) => cleanup());
  }

  /** Used at shutdown: open sockets would otherwise keep the HTTPS server from closing. */
  disconnectAll(): void {
    this.server.disconnectSockets(true);
  }

  /** Disconnects sockets whose session ran past its idle or absolute deadline. */
  async dropExpired(): Promise<void> {
    const sockets = await this.server.local.fetchSockets();
    const sessionIds = [
      ...new Set(sockets.map((s) => (s.data as SocketData).actor?.sessionId).filter(Boolean)),
    ];
    for (const session of await this.sessions.findNewlyExpired(sessionIds as string[])) {
      this.server.in(`session:${session.id}`).disconnectSockets(true);
    }
  }
}
