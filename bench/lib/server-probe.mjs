// Loaded into the server under test with `--import` (bench/suites/stalls.mjs), in its main thread
// and in every worker thread (they inherit execArgv). Records, with epoch-ms times, to the JSON-lines
// file BENCH_PROBE_FILE: every GC pause (perf_hooks 'gc' entries) per thread; in the main thread,
// the event loop's worst delay per 100 ms (monitorEventLoopDelay); in worker threads, every
// better-sqlite3 `transaction.immediate` call (the message commit thread's batches: COMMIT and its
// fsync included) with its duration, and whether the WAL was restarted since the previous batch
// (its header salt changed: SQLite checkpointed it completely, at the end of an earlier commit).
// Nothing of the server's code is changed; without BENCH_PROBE_FILE this module does nothing.
import { Buffer } from 'node:buffer';
import { appendFileSync, closeSync, openSync, readSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PerformanceObserver, monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { setInterval } from 'node:timers';
import { isMainThread, threadId } from 'node:worker_threads';

const out = process.env.BENCH_PROBE_FILE;
if (out) {
  const thread = isMainThread ? 'main' : `worker${threadId}`;
  const epoch = (t = performance.now()) => performance.timeOrigin + t;
  let lines = [];
  const record = (entry) => lines.push(JSON.stringify({ th: thread, ...entry }));
  const flush = () => {
    if (lines.length === 0) return;
    appendFileSync(out, `${lines.join('\n')}\n`);
    lines = [];
  };
  setInterval(flush, 500).unref();
  process.on('exit', flush);

  new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      record({ k: 'gc', t: epoch(e.startTime), ms: e.duration, kind: e.detail?.kind });
  }).observe({ entryTypes: ['gc'] });

  if (isMainThread) {
    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    setInterval(() => {
      record({ k: 'loop', t: epoch(), maxMs: delay.max / 1e6 });
      delay.reset();
    }, 100).unref();
  } else {
    patchTransactions(record, epoch);
  }
}

function patchTransactions(record, epoch) {
  let Database;
  try {
    Database = createRequire(join(process.cwd(), 'package.json'))('better-sqlite3');
  } catch {
    try {
      Database = createRequire(import.meta.url)('better-sqlite3');
    } catch {
      return;
    }
  }
  const wal = process.env.ATRIO_DATA_DIR ? join(process.env.ATRIO_DATA_DIR, 'atrio.db-wal') : null;
  const salt = Buffer.alloc(8);
  let lastSalt = '';
  const walSalt = () => {
    if (!wal) return '';
    try {
      const fd = openSync(wal, 'r');
      try {
        readSync(fd, salt, 0, 8, 16);
      } finally {
        closeSync(fd);
      }
      return salt.toString('hex');
    } catch {
      return '';
    }
  };
  const original = Database.prototype.transaction;
  // better-sqlite3's transaction functions have read-only variant properties: wrap in a new one.
  Database.prototype.transaction = function (fn) {
    const tx = original.call(this, fn);
    const timed = function (...args) {
      const t0 = performance.now();
      try {
        return tx.immediate.apply(this, args);
      } finally {
        const ms = performance.now() - t0;
        const now = walSalt();
        const walReset = lastSalt !== '' && now !== lastSalt;
        lastSalt = now;
        record({
          k: 'commit',
          t: epoch(t0),
          ms,
          rows: Array.isArray(args[0]) ? args[0].length : undefined,
          walReset,
        });
      }
    };
    const wrapper = function (...args) {
      return tx.apply(this, args);
    };
    Object.defineProperties(wrapper, {
      default: { value: wrapper },
      deferred: { value: tx.deferred },
      immediate: { value: timed },
      exclusive: { value: tx.exclusive },
      database: { value: tx.database },
    });
    return wrapper;
  };
}
