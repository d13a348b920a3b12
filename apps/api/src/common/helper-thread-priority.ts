import { readdirSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** How many nice steps below the event loop the helper threads run. */
export const HELPER_NICE_OFFSET = 10;

/**
 * Puts the threads that exist when the server starts — V8's platform workers, which do the garbage
 * collector's concurrent marking and parallel phases, Node's delayed-task thread and libuv's pool —
 * below the event loop's priority. On a busy core those four GC helpers used to take the core from
 * the event loop for ~100 ms at every old-generation collection, and every delivery waited (README,
 * "Stalls"). Lower down they still run whenever the core has time, and V8 finishes the marking on
 * the main thread itself when they fall behind. Threads started later (the SQLite commit thread,
 * workers) inherit the event loop's own priority.
 *
 * Linux only, where a nice value belongs to a thread (setpriority on a thread id); elsewhere, or if
 * /proc cannot be read, nothing changes. Returns how many threads were lowered.
 */
export function lowerHelperThreadPriority(): number {
  if (process.platform !== 'linux') return 0;
  try {
    const target = Math.min(19, getPriority(0) + HELPER_NICE_OFFSET);
    let lowered = 0;
    for (const tid of readdirSync('/proc/self/task').map(Number)) {
      if (tid === process.pid) continue;
      try {
        setPriority(tid, target);
        lowered++;
      } catch {
        // A thread that ended meanwhile, or one already lower than this: leave it.
      }
    }
    return lowered;
  } catch {
    return 0;
  }
}
