import {
  clientEvents,
  type Ack,
  type ClientEventAck,
  type ClientEventData,
  type ClientEventName,
} from '@atrio/protocol';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { AppError } from '../common/app-error.js';
import { diskFullError, isDiskFull } from '../common/disk-full.js';
import type { ChatSocket, SocketData } from './socket-auth.js';

type AckFn = (answer: Ack<object>) => void;

export interface HandlerOptions {
  /** Per-connection event budget and payload size; refused with RATE_LIMITED / PAYLOAD_TOO_LARGE. */
  allowEvent: (socket: ChatSocket, payload: unknown) => Promise<void>;
  onActivity: (socket: ChatSocket) => void;
  logger: Logger;
  /** Told how each event ended (`ok` or the ack's error code) and how long it took; for metrics. */
  onHandled?: (event: string, outcome: string, seconds: number) => void;
}

/**
 * Registers one client event of protocol's `clientEvents` table: validates the payload with the
 * table's schema, runs the handler, and answers the acknowledgement with `{ok:true,…}` or the contract's `{ok:false,error}` — never a
 * crash, never a stack trace, whatever the client sends.
 */
export function on<E extends ClientEventName>(
  socket: ChatSocket,
  event: E,
  options: HandlerOptions,
  handler: (payload: ClientEventData<E>, data: SocketData) => Promise<ClientEventAck<E>>,
): void {
  const schema: z.ZodType = clientEvents[event].payload;
  // Whatever a client sends arrives here unchecked: the listener takes unknown and validates it.
  const listen = socket.on.bind(socket) as (name: string, listener: (...args: unknown[]) => void) => void;
  listen(event, (payload: unknown, maybeAck: unknown) => {
    const ack: AckFn = typeof maybeAck === 'function' ? (maybeAck as AckFn) : () => undefined;
    const started = process.hrtime.bigint();
    const answer: AckFn = (result) => {
      ack(result);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      try {
        options.onHandled?.(event, result.ok ? 'ok' : result.error.code, seconds);
      } catch (error) {
        // Metrics must never turn an answered event into a second, failing answer.
        options.logger.warn({ err: error, event }, 'socket event hook failed');
      }
    };
    void (async () => {
      try {
        await options.allowEvent(socket, payload);
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          throw new AppError('VALIDATION_FAILED', 'The event payload is missing fields or has wrong types.', {
            fields: parsed.error.issues.map((issue) => ({
              path: issue.path.join('.'),
              message: issue.message,
            })),
          });
        }
        options.onActivity(socket);
        // TypeScript cannot follow the generic key through the table: this is the schema of `event`.
        answer({ ok: true, ...(await handler(parsed.data as ClientEventData<E>, socket.data)) });
      } catch (error) {
        answer(toAckError(error, event, options.logger));
      }
    })();
  });
}

export function toAckError(error: unknown, event: string, logger: Logger): Ack<object> {
  if (isDiskFull(error)) return toAckError(diskFullError(), event, logger);
  if (error instanceof AppError) {
    return {
      ok: false,
      error: {
        code: error.code,
        message: error.message,
        ...(error.details !== undefined ? { details: error.details } : {}),
      },
    };
  }
  logger.error({ err: error, event }, 'socket event failed');
  return {
    ok: false,
    error: { code: 'INTERNAL', message: 'The server failed to handle this event; it has been logged.' },
  };
}
