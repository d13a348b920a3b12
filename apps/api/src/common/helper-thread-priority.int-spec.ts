import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { HELPER_NICE_OFFSET } from './helper-thread-priority.js';

// Runs the built module in a child process (it changes the priority of the process's own threads),
// then reads every thread's nice value from /proc: field 19 of /proc/<pid>/task/<tid>/stat.
const built = fileURLToPath(
  new URL('../../../../dist/apps/api/src/common/helper-thread-priority.js', import.meta.url),
);
const program = `
  const { readdirSync, readFileSync } = await import('node:fs');
  const { Worker } = await import('node:worker_threads');
  const { lowerHelperThreadPriority } = await import(${JSON.stringify(built)});
  const nice = (tid) => Number(readFileSync('/proc/self/task/' + tid + '/stat', 'utf8').split(') ')[1].split(' ')[16]);
  const before = readdirSync('/proc/self/task').map(Number);
  const lowered = lowerHelperThreadPriority();
  const worker = new Worker('setTimeout(() => {}, 2000)', { eval: true });
  await new Promise((done) => worker.once('online', done));
  const after = readdirSync('/proc/self/task').map(Number);
  const started = after.filter((t) => !before.includes(t));
  console.log(JSON.stringify({
    lowered,
    main: nice(process.pid),
    helpers: before.filter((t) => t !== process.pid).map(nice),
    startedLater: started.map(nice),
  }));
  process.exit(0);
`;

describe.runIf(process.platform === 'linux')('helper thread priority', () => {
  it('puts the threads present at start below the event loop; threads started later keep its priority', () => {
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', program], { encoding: 'utf8' });
    const { lowered, main, helpers, startedLater } = JSON.parse(out.trim().split('\n').at(-1)!) as {
      lowered: number;
      main: number;
      helpers: number[];
      startedLater: number[];
    };
    expect(lowered).toBe(helpers.length);
    expect(helpers.length).toBeGreaterThanOrEqual(4); // V8's platform workers at least
    for (const nice of helpers) expect(nice).toBe(Math.min(19, main + HELPER_NICE_OFFSET));
    expect(startedLater.length).toBeGreaterThan(0); // the worker thread
    for (const nice of startedLater) expect(nice).toBe(main);
  });
});
