import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { CommandRegistry } from '../commands/command-registry.service.js';
import { AppError } from '../common/app-error.js';
import { LOGGER } from '../logging/logger.token.js';
import { CHAT_LIMITS } from '../messages/chat-settings.js';
import { MessagesService } from '../messages/messages.service.js';
import { RoomsService } from '../rooms/rooms.service.js';
import { SettingsService } from '../settings/settings.service.js';
import type { ChatSocket } from './socket-auth.js';
import { on, type HandlerOptions } from './socket-handler.js';

const SYNC_COST = 10;

/** The chat events of CONTRACT.md, each validated, rate-limited and answered through its ack. */
@Injectable()
export class ChatSocketService {
  private limiters: { key: string; messages: RateLimiterMemory; events: RateLimiterMemory } | undefined;

  constructor(
    private readonly messages: MessagesService,
    private readonly rooms: RoomsService,
    private readonly commands: CommandRegistry,
    private readonly settings: SettingsService,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  register(
    socket: ChatSocket,
    onActivity: (socket: ChatSocket) => void,
    onHandled?: HandlerOptions['onHandled'],
  ): void {
    const options: HandlerOptions = {
      allowEvent: (s, payload) => this.allow(s, payload),
      onActivity,
      logger: this.logger,
      onHandled,
    };
    on(socket, 'room:join', options, async ({ roomId }, { actor }) => {
      const room = await this.rooms.join(actor, roomId);
      await socket.join(`room:${roomId}`);
      return { room };
    });
    on(socket, 'room:leave', options, async ({ roomId }, { actor }) => {
      await this.rooms.leave(actor, roomId);
      return {};
    });
    on(socket, 'message:send', options, async (input, { actor }) => {
      await this.consume('messages', String(actor.userId));
      if (input.body.trimStart().startsWith('/')) {
        return this.commands.execute(actor, input.roomId, input.body, input.clientMsgId);
      }
      return { message: await this.messages.send(actor, input) };
    });
    on(socket, 'message:edit', options, async ({ messageId, body }, { actor }) => ({
      message: await this.messages.edit(actor, messageId, body),
    }));
    on(socket, 'message:delete', options, async ({ messageId }, { actor }) => {
      await this.messages.delete(actor, messageId);
      return {};
    });
    on(socket, 'message:react', options, async ({ messageId, emoji }, { actor }) => ({
      message: await this.messages.react(actor, messageId, emoji),
    }));
    on(socket, 'message:read', options, async ({ roomId, messageId }, { actor }) => {
      await this.messages.markRead(actor, roomId, messageId);
      return {};
    });
    on(socket, 'message:unread', options, async ({ roomId, messageId }, { actor }) => {
      await this.messages.markUnread(actor, roomId, messageId);
      return { room: await this.rooms.get(actor, roomId) };
    });
    on(socket, 'message:delivered', options, async ({ roomId, messageId }, { actor }) => {
      await this.messages.markDelivered(actor.userId, roomId, messageId);
      return {};
    });
    on(socket, 'sync', options, async ({ roomId, afterId }, { actor }) => {
      // Up to a thousand messages with their reactions: it costs what ten small events cost.
      await this.consume('events', String(actor.userId), SYNC_COST - 1);
      return { messages: await this.messages.sync(actor, roomId, afterId) };
    });
    on(socket, 'typing', options, async ({ roomId, typing }, { actor }) => {
      if (!socket.rooms.has(`room:${roomId}`)) throw new AppError('FORBIDDEN', 'Join the room first.');
      socket
        .to(`room:${roomId}`)
        .emit('typing', { roomId, userId: actor.userId, username: actor.username, typing });
      return {};
    });
  }

  /** Registers the presence event separately: the gateway owns presence. */
  onPresence(socket: ChatSocket, handler: (away: boolean) => void): void {
    const options: HandlerOptions = {
      allowEvent: (s) => this.consume('events', String(s.data.actor.userId)),
      onActivity: () => undefined,
      logger: this.logger,
    };
    on(socket, 'presence', options, async ({ status }) => {
      handler(status === 'away');
      return {};
    });
  }

  /** How many sockets one user, and one session, may hold open on this instance. */
  async socketCaps(): Promise<{ perUser: number; perSession: number }> {
    const limits = await this.settings.get(CHAT_LIMITS);
    return { perUser: limits.maxSocketsPerUser, perSession: limits.maxSocketsPerSession };
  }

  /**
   * The event budget is the user's, shared by all their sockets: ten tabs (or ten scripted
   * connections) get no more than one, so one member cannot starve everyone else's events.
   */
  private async allow(socket: ChatSocket, payload: unknown): Promise<void> {
    await this.consume('events', String(socket.data.actor.userId));
    const { maxPayloadBytes } = await this.settings.get(CHAT_LIMITS);
    const size = Buffer.byteLength(JSON.stringify(payload) ?? '');
    if (size > maxPayloadBytes) {
      throw new AppError('PAYLOAD_TOO_LARGE', `An event may carry at most ${maxPayloadBytes} bytes.`, {
        maxPayloadBytes,
      });
    }
  }

  private async consume(kind: 'messages' | 'events', key: string, points = 1): Promise<void> {
    const limiters = await this.currentLimiters();
    try {
      await limiters[kind].consume(key, points);
    } catch (rejection) {
      if (!(rejection instanceof RateLimiterRes)) throw rejection;
      const seconds = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      throw new AppError(
        'RATE_LIMITED',
        kind === 'messages'
          ? 'You are sending messages too fast; slow down.'
          : 'Too many events from your connections; slow down.',
        { retryAfterSeconds: seconds },
      );
    }
  }

  private async currentLimiters() {
    const limits = await this.settings.get(CHAT_LIMITS);
    const key = JSON.stringify(limits);
    if (this.limiters?.key !== key) {
      this.limiters = {
        key,
        // A fixed window of `burst` messages, refilled at the configured rate on average.
        messages: new RateLimiterMemory({
          points: limits.messageBurst,
          duration: Math.max(1, Math.round(limits.messageBurst / limits.messagesPerSecond)),
        }),
        events: new RateLimiterMemory({ points: limits.eventsPerSecond, duration: 1 }),
      };
    }
    return this.limiters;
  }
}
