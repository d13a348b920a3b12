/**
 * Waits until `check` holds, asking again every `intervalMs`: for results that arrive on their own
 * (a timer's flush, a background thread), instead of sleeping a fixed time and hoping. Fails with
 * `what` when it has not happened within `timeoutMs`.
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  { timeoutMs = 10_000, intervalMs = 25 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
