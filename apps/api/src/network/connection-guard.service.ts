import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { Server } from 'node:https';
import type { Socket } from 'node:net';
import { AppEvents } from '../common/app-events.js';
import { SettingsService } from '../settings/settings.service.js';
import { CONNECTION_LIMITS, type ConnectionLimits } from './connection-settings.js';

export type ConnectionRefusal = 'per_address' | 'total' | 'idle';

/**
 * Keeps one client (or a flood of them) from holding every file descriptor: caps open connections
 * per address and in total, and closes a connection that has not sent a complete first request
 * (HTTP or WebSocket upgrade) in time — a silent TCP connection, a stalled TLS handshake, a header
 * dribbler. Node closes none of these by itself: its header timeout only starts with the first byte.
 * After the first request Node's own keep-alive, header and request timeouts take over.
 */
@Injectable()
export class ConnectionGuardService implements OnModuleDestroy {
  private limits: ConnectionLimits = CONNECTION_LIMITS.defaultValue;
  private readonly perAddress = new Map<string, number>();
  private total = 0;
  private readonly waiting = new Map<Socket, NodeJS.Timeout>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly settings: SettingsService,
    private readonly events: AppEvents,
  ) {
    this.unsubscribe = events.on('settings.changed', ({ key }) => {
      if (key === CONNECTION_LIMITS.key) void this.refresh();
    });
  }

  /** Called by server.ts once the HTTPS server exists, before it listens. */
  async attach(server: Server): Promise<void> {
    await this.refresh();
    server.on('connection', (socket: Socket) => this.admit(socket));
    server.on('request', (request: { socket: Socket }) => this.served(rawSocketOf(request.socket)));
    server.on('upgrade', (request: { socket: Socket }) => this.served(rawSocketOf(request.socket)));
  }

  get openConnections(): number {
    return this.total;
  }

  onModuleDestroy(): void {
    this.unsubscribe();
    this.waiting.forEach((timer) => clearTimeout(timer));
    this.waiting.clear();
  }

  private async refresh(): Promise<void> {
    this.limits = await this.settings.get(CONNECTION_LIMITS);
  }

  private admit(socket: Socket): void {
    const address = normalise(socket.remoteAddress);
    const fromAddress = this.perAddress.get(address) ?? 0;
    const refusal: ConnectionRefusal | null =
      this.total >= this.limits.maxTotal
        ? 'total'
        : fromAddress >= this.limits.maxPerAddress
          ? 'per_address'
          : null;
    if (refusal) {
      socket.destroy();
      this.events.emit('connection.refused', { reason: refusal, address });
      return;
    }
    this.total++;
    this.perAddress.set(address, fromAddress + 1);
    this.startClock(socket, address); // one deadline for the TLS handshake and the first request
    socket.once('close', () => {
      this.total--;
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left === 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
      this.served(socket);
    });
  }

  private startClock(socket: Socket, address: string): void {
    const timer = setTimeout(() => {
      this.waiting.delete(socket);
      socket.destroy();
      this.events.emit('connection.refused', { reason: 'idle', address });
    }, this.limits.firstRequestSeconds * 1000);
    timer.unref();
    this.waiting.set(socket, timer);
  }

  private served(socket: Socket): void {
    const timer = this.waiting.get(socket);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.waiting.delete(socket);
  }
}

/** `::ffff:10.0.0.7` and `10.0.0.7` are one address. */
function normalise(address: string | undefined): string {
  if (!address) return 'unknown';
  return address.startsWith('::ffff:') ? address.slice(7) : address;
}

/** The TCP socket under a TLS socket (Node keeps it as `_parent`), or the socket itself. */
function rawSocketOf(socket: Socket): Socket {
  return (socket as Socket & { _parent?: Socket })._parent ?? socket;
}
