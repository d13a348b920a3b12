import type { HttpAdapterHost } from '@nestjs/core';
import type { Logger } from 'pino';

/**
 * Calls `tick` once a minute (the schedulers check whether their job is due; tests call tick()
 * themselves after moving the Clock). Only a process that serves HTTP runs schedules: a CLI
 * command builds the same modules but must never take the scheduled backup or run a routine.
 * A failure is reported and the next minute tries again; the timer never keeps the process
 * alive. Returns the function that stops it.
 */
export function everyMinute(
  host: HttpAdapterHost,
  tick: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => void {
  if (!host.httpAdapter) return () => undefined;
  const timer = setInterval(() => void tick().catch(onError), 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * A feature's once-a-minute job (backup, retention, routines, purges): the start and stop every
 * scheduler needs around everyMinute, written once. Subclasses implement tick(), which tests call
 * directly after moving the Clock.
 */
export abstract class MinuteJob {
  private stopTicker: (() => void) | undefined;

  protected constructor(
    private readonly host: HttpAdapterHost,
    private readonly failures: Logger,
    private readonly what: string,
  ) {}

  abstract tick(): Promise<unknown>;

  onModuleInit(): void {
    this.stopTicker = everyMinute(
      this.host,
      () => this.tick(),
      (error) => this.failures.error({ err: error }, `${this.what} failed`),
    );
  }

  onModuleDestroy(): void {
    this.stopTicker?.();
  }
}
