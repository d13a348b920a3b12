import { type OnModuleDestroy } from '@nestjs/common';
import {
  type OnGatewayConnection,
  type OnGatewayDisconnect,
  type OnGatewayInit,
  WebSocketGateway,
  WebSocketServer,
} from '@nestjs/websockets';
import type { Presence } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { ActorResolver } from '../auth/sessions/actor-resolver.service.js';
import { SessionActivity } from '../auth/sessions/session-activity.service.js';
import { SessionsService } from '../auth/sessions/sessions.service.js';
import { AppEvents } from '../common/app-events.js';
import { RoomMemberRow } from '../rooms/room-member.entity.js';
import { ChatSocketService } from './chat-socket.service.js';
import { PresenceTracker } from '../presence/presence-tracker.js';
import { authenticateSocket, type ChatServer, type ChatSocket } from './socket-auth.js';
import { coalesceWrites } from './write-coalescing.js';

const EXPIRY_SWEEP_MS = 30_000;

/**
 * Socket.IO on the same TLS port as REST. Every handshake is authenticated; a socket lives only as
 * long as its session: revoked sessions are dropped at once, expired ones within 30 s. Stored
 * events (messages, memberships, receipts) reach the sockets of the rooms they concern.
 */
// 1 MB is the hard cap (a bigger frame closes the connection); the configurable limit below it answers PAYLOAD_TOO_LARGE.
@WebSocketGateway({ serveClient: false, maxHttpBufferSize: 1024 * 1024 })
export class RealtimeGateway
  implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy
{
  @WebSocketServer()
  server: ChatServer;

  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly resolver: ActorResolver,
    private readonly sessions: SessionsService,
    private readonly activity: SessionActivity,
    private readonly events: AppEvents,
    private readonly chat: ChatSocketService,
    private readonly dataSource: DataSource,
    readonly presence: PresenceTracker,
  ) {}

  afterInit(server: ChatServer): void {
    // Joins the member's rooms before the connection is confirmed, so no broadcast is missed.
    server.use((socket, next) => {
      authenticateSocket(socket, this.resolver, () => this.chat.socketCaps())
        .then(async (refusal) => {
          if (refusal) this.events.emit('socket.refused', { reason: refusal.message });
          else await this.joinRooms(socket);
          next(refusal ?? undefined);
        })
        .catch(() => {
          this.events.emit('socket.refused', { reason: 'UNAVAILABLE' });
          next(new Error('UNAVAILABLE'));
        });
    });
    const { events } = this;
    this.cleanups.push(
      events.on('sessions.revoked', ({ sessionIds }) => {
        for (const id of sessionIds) server.in(`session:${id}`).disconnectSockets(true);
      }),
      events.on('message.created', ({ message }) =>
        server.to(`room:${message.roomId}`).emit('message:new', { message }),
      ),
      events.on('message.updated', ({ message }) =>
        server.to(`room:${message.roomId}`).emit('message:updated', { message }),
      ),
      events.on('message.deleted', (deleted) =>
        server.to(`room:${deleted.roomId}`).emit('message:deleted', deleted),
      ),
      events.on('room.receipt', (receipt) => server.to(`room:${receipt.roomId}`).emit('receipt', receipt)),
      events.on('room.read.moved', ({ userId, ...moved }) =>
        server.to(`user:${userId}`).emit('read:moved', moved),
      ),
      events.on('room.member.joined', ({ roomId, userId }) =>
        server.in(`user:${userId}`).socketsJoin(`room:${roomId}`),
      ),
      events.on('room.member.left', ({ roomId, userId }) =>
        server.in(`user:${userId}`).socketsLeave(`room:${roomId}`),
      ),
      events.on('summary.ready', ({ userId, ...ready }) =>
        server.to(`user:${userId}`).emit('summary:ready', ready),
      ),
      events.on('summary.progress', ({ userId, ...progress }) =>
        server.to(`user:${userId}`).emit('summary:progress', progress),
      ),
      events.on('room.notice', ({ userId, ...notice }) =>
        server.to(userId === undefined ? `room:${notice.roomId}` : `user:${userId}`).emit('notice', notice),
      ),
    );
    const sweep = setInterval(() => void this.dropExpired(), EXPIRY_SWEEP_MS);
    sweep.unref();
    this.cleanups.push(() => clearInterval(sweep));
  }

  /** Synchronous on purpose: handlers must exist before the client can send its first event. */
  handleConnection(socket: ChatSocket): void {
    const { actor } = socket.data;
    if (!actor) return;
    coalesceWrites(socket);
    this.chat.register(
      socket,
      (s) => this.activity.touch(s.data.actor.sessionId),
      (event, outcome, seconds) => this.events.emit('socket.event.handled', { event, outcome, seconds }),
    );
    this.chat.onPresence(socket, (away) =>
      this.announce(actor.userId, this.presence.setAway(actor.userId, away), roomsOf(socket)),
    );
    const status = this.presence.connected(actor.userId, socket.id);
    this.announce(actor.userId, status, roomsOf(socket));
    if (status !== null) this.events.emit('user.online', { actor });
  }

  handleDisconnect(socket: ChatSocket): void {
    const { actor } = socket.data;
    if (!actor) return;
    const status = this.presence.disconnected(actor.userId, socket.id);
    if (status !== 'offline') return;
    this.activity.forget(actor.sessionId);
    // The socket has left its rooms by now: ask the database which rooms the user is in.
    void this.memberRooms(actor.userId)
      .then((rooms) => this.announce(actor.userId, status, rooms))
      .catch(() => undefined);
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
    const sessionIds = new Set<string>();
    for (const socket of this.server.of('/').sockets.values()) {
      const { actor } = socket.data;
      if (actor) sessionIds.add(actor.sessionId);
    }
    for (const id of await this.sessions.findEnded([...sessionIds])) {
      this.server.in(`session:${id}`).disconnectSockets(true);
    }
  }

  private async joinRooms(socket: ChatSocket): Promise<void> {
    const { actor } = socket.data;
    await socket.join(await this.memberRooms(actor.userId));
  }

  private async memberRooms(userId: number): Promise<string[]> {
    const memberships = await this.dataSource.getRepository(RoomMemberRow).find({
      where: { userId },
      select: { roomId: true },
    });
    return memberships.map((m) => `room:${m.roomId}`);
  }

  /**
   * Presence goes to the people who share a room with the user (and the user's other tabs), not to
   * every socket: a mass reconnect after a restart would otherwise cost sockets² writes.
   */
  private announce(userId: number, status: Presence | null, rooms: string[]): void {
    if (status) this.server.to([...rooms, `user:${userId}`]).emit('presence', { userId, status });
  }
}

function roomsOf(socket: ChatSocket): string[] {
  return [...socket.rooms].filter((room) => room.startsWith('room:'));
}
