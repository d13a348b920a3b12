// Child processes (pinned with taskset when there are two cores) and their CPU/RSS from /proc.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { clearInterval, clearTimeout, setInterval, setTimeout } from 'node:timers';
import { performance } from 'node:perf_hooks';

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/** Server on core 0, generator on core 1 — only when there are two cores and taskset exists. */
export const PINNING = cpus().length >= 2 && spawnSync('taskset', ['-V']).status === 0;

/**
 * Optional scheduling priority (BENCH_NICE, e.g. -10) for the generator and the servers, so that a
 * shared, busy machine interferes less. Negative values need root or CAP_SYS_NICE.
 */
export const NICE = process.env.BENCH_NICE ? Number(process.env.BENCH_NICE) : undefined;

/** Pins every thread of this process (the load generator) to core 1, and applies BENCH_NICE. */
export function pinSelf() {
  let niced = NICE === undefined;
  if (NICE !== undefined) {
    const tasks = readdirSync(`/proc/${process.pid}/task`);
    niced = spawnSync('renice', ['-n', String(NICE), '-p', ...tasks]).status === 0;
    // With autogroup scheduling (sched_autogroup_enabled), nice only ranks threads within their
    // session; the session's own weight is its autogroup nice, which children inherit.
    try {
      if (existsSync('/proc/self/autogroup')) writeFileSync('/proc/self/autogroup', String(NICE));
    } catch {
      niced = false;
    }
  }
  const pinned = PINNING && spawnSync('taskset', ['-a', '-cp', '1', String(process.pid)]).status === 0;
  return { pinned, niced };
}

/**
 * Spawns `node script` (on core 0 when pinning); resolves once stdout shows https://host:PORT/ and
 * `ready` matches. Output is kept (last 64 kB) for error messages.
 */
export async function spawnNode(
  args,
  { env, cwd, ready = /https:\/\/[^\s/]+:(\d+)\//, timeoutMs = 60_000, pinLater = false },
) {
  let argv = [process.execPath, ...args];
  if (PINNING && !pinLater) argv = ['taskset', '-c', '0', ...argv];
  if (NICE !== undefined) argv = ['nice', '-n', String(NICE), ...argv];
  const [command, ...rest] = argv;
  const child = spawn(command, rest, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const keep = (s) => (s.length > 65_536 ? s.slice(-65_536) : s);
  child.stdout.on('data', (c) => (out = keep(out + c)));
  child.stderr.on('data', (c) => (err = keep(err + c)));
  const exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal)));
  let exitCode;
  void exited.then((code) => (exitCode = code));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const port = /https:\/\/[^\s/]+:(\d+)\//.exec(out);
    if (port && ready.test(out)) {
      return {
        child,
        pid: child.pid,
        port: Number(port[1]),
        exited,
        output: () => out + err,
        pin: () => pinToCore0(child.pid),
      };
    }
    if (exitCode !== undefined)
      throw new Error(`${args.join(' ')} exited (${exitCode}) before starting:\n${out}\n${err}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  child.kill('SIGKILL');
  throw new Error(`${args.join(' ')} did not start within ${timeoutMs} ms:\n${out}\n${err}`);
}

/** Moves every thread of a running process to core 0 (new threads inherit it). */
function pinToCore0(pid) {
  return PINNING && spawnSync('taskset', ['-a', '-cp', '0', String(pid)]).status === 0;
}

/** Stops a child politely, then by force after `graceMs`. */
export async function stopChild(proc, graceMs = 12_000) {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited;
  clearTimeout(timer);
}

/** CPU seconds (user + system) used so far by `pid`, from /proc/<pid>/stat. */
export function cpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state): utime is field 14, stime field 15.
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** CPU seconds of the main thread of `pid` alone (the event loop): /proc/<pid>/task/<pid>/stat. */
export function mainThreadCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLK_TCK;
}

/** Resident set size in MiB, from /proc/<pid>/status. */
export function rssMiB(pid) {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

/**
 * Time the main thread of `pid` spent runnable but waiting for a CPU (ms), from /proc/<pid>/schedstat:
 * the direct measure of interference by other work on the same core.
 */
export function runQueueWaitMs(pid) {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
}

/**
 * Samples a process's CPU share, peak RSS and run-queue wait (share of the window its main thread
 * waited for a CPU) over a window; stop() returns {cpuPct, rssMiB, waitPct}.
 */
export function sampleProcess(pid, everyMs = 250, { diskStates = false } = {}) {
  if (!existsSync(`/proc/${pid}/stat`))
    return { stop: () => ({ cpuPct: NaN, mainCpuPct: NaN, rssMiB: NaN, waitPct: NaN, diskWaitPct: NaN }) };
  const t0 = performance.now();
  const c0 = cpuSeconds(pid);
  const m0 = mainThreadCpuSeconds(pid);
  const w0 = runQueueWaitMs(pid);
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMiB(pid));
    } catch {
      /* exited */
    }
  }, everyMs);
  // Every 5 ms: is the main thread in uninterruptible sleep (D: waiting for the disk, e.g. fsync)?
  let samples = 0;
  let inDisk = 0;
  const stateTimer = diskStates
    ? setInterval(() => {
        try {
          const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
          samples++;
          if (stat[stat.lastIndexOf(')') + 2] === 'D') inDisk++;
        } catch {
          /* exited */
        }
      }, 5)
    : undefined;
  return {
    stop() {
      clearInterval(timer);
      if (stateTimer) clearInterval(stateTimer);
      const diskWaitPct = samples ? (100 * inDisk) / samples : NaN;
      try {
        peak = Math.max(peak, rssMiB(pid));
        const elapsed = performance.now() - t0;
        const cpuPct = (100 * (cpuSeconds(pid) - c0)) / (elapsed / 1000);
        const mainCpuPct = (100 * (mainThreadCpuSeconds(pid) - m0)) / (elapsed / 1000);
        const waitPct = (100 * (runQueueWaitMs(pid) - w0)) / elapsed;
        return { cpuPct, mainCpuPct, rssMiB: peak, waitPct, diskWaitPct };
      } catch {
        return { cpuPct: NaN, mainCpuPct: NaN, rssMiB: peak, waitPct: NaN, diskWaitPct };
      }
    },
  };
}

/** Busy share of each core over a window, from /proc/stat: shows when other work shares our cores. */
export function sampleCores() {
  const read = () =>
    readFileSync('/proc/stat', 'utf8')
      .split('\n')
      .filter((line) => /^cpu\d+ /.test(line))
      .map((line) => {
        const v = line.trim().split(/\s+/).slice(1).map(Number);
        const idle = v[3] + (v[4] ?? 0);
        return { idle, total: v.slice(0, 8).reduce((a, b) => a + b, 0) };
      });
  const before = read();
  return {
    stop() {
      return read().map((after, i) => {
        const total = after.total - before[i].total;
        return total > 0 ? Math.round((100 * (total - (after.idle - before[i].idle))) / total) : NaN;
      });
    },
  };
}

export function loadAverage() {
  return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]);
}
