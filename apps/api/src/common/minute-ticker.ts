import type { HttpAdapterHost } from '@nestjs/core';

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
