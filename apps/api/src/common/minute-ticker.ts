/**
 * Calls `tick` once a minute (the schedulers check whether their job is due; tests call tick()
 * themselves after moving the Clock). A failure is reported and the next minute tries again; the
 * timer never keeps the process alive. Returns the function that stops it.
 */
export function everyMinute(tick: () => Promise<unknown>, onError: (error: unknown) => void): () => void {
  const timer = setInterval(() => void tick().catch(onError), 60_000);
  timer.unref();
  return () => clearInterval(timer);
}
