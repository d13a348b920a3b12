import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { SEARCH_BACKLOG_SQL } from '../search/sqlite-search-backlog.js';
import type {
  CommitReply,
  CommitRequest,
  CommitThreadData,
  OpForWorker,
  WorkerOutcome,
} from './sqlite-commit-ops.js';

/** How often the commit thread brings the search index up to date while messages arrive. */
const SEARCH_INDEX_EVERY_MS = 250;

/**
 * The message store's second connection, in its own thread: with synchronous=FULL a commit waits
 * for the disk (milliseconds, tens on a busy disk), and in the event loop that wait would stall
 * every delivery. Callers hold the shared connection's lock (withExclusiveConnection) while a batch
 * is in flight, so the two connections never write at the same time.
 */
export class SqliteCommitWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<
    number,
    { resolve: (o: WorkerOutcome[]) => void; reject: (e: Error) => void }
  >();
  private nextBatch = 1;
  private failed: Error | null = null;

  constructor(file: string) {
    const workerData: CommitThreadData = {
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      file,
      searchBacklog: SEARCH_BACKLOG_SQL,
      indexEveryMs: SEARCH_INDEX_EVERY_MS,
    };
    this.worker = new Worker(commitThreadProgram(), { workerData });
    this.worker.unref(); // never what keeps a process alive: close() is awaited at shutdown anyway
    this.worker.on('message', (reply: CommitReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(error));
    this.worker.on('exit', (code) =>
      this.fail(new Error(`the message commit thread stopped (exit ${code})`)),
    );
  }

  write(rows: OpForWorker[]): Promise<WorkerOutcome[]> {
    if (this.failed) return Promise.reject(this.failed);
    const batch = this.nextBatch++;
    return new Promise((resolve, reject) => {
      this.waiting.set(batch, { resolve, reject });
      this.worker.postMessage({ batch, rows } satisfies CommitRequest);
    });
  }

  async close(): Promise<void> {
    if (this.failed) return;
    const exited = new Promise((done) => this.worker.once('exit', done));
    this.worker.postMessage({ close: true } satisfies CommitRequest);
    await exited;
  }

  private settle(reply: CommitReply): void {
    const waiter = this.waiting.get(reply.batch);
    this.waiting.delete(reply.batch);
    if (reply.outcomes) waiter?.resolve(reply.outcomes);
    else
      waiter?.reject(
        Object.assign(new Error(reply.failure ?? 'the batch failed'), { code: reply.failureCode }),
      );
  }

  private fail(error: Error): void {
    this.failed ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(this.failed);
    this.waiting.clear();
  }
}

let transpiledThread: URL | undefined;

/**
 * The commit thread's program: the compiled `sqlite-commit-thread.js` beside this file when the
 * server runs from dist. Under Vitest this file is TypeScript source, which Node 20 cannot run in a
 * thread, so the thread's source is transpiled once per process (SWC, a dev dependency, only on
 * this path) and started as a data: URL — the same code either way, type-checked and linted.
 */
function commitThreadProgram(): URL {
  const built = new URL('./sqlite-commit-thread.js', import.meta.url);
  if (!import.meta.url.endsWith('.ts')) return built;
  if (transpiledThread) return transpiledThread;
  const source = new URL('./sqlite-commit-thread.ts', import.meta.url);
  const swc = createRequire(import.meta.url)('@swc/core') as typeof import('@swc/core');
  const { code } = swc.transformSync(readFileSync(source, 'utf8'), {
    filename: source.pathname,
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  });
  transpiledThread = new URL(`data:text/javascript;base64,${Buffer.from(code).toString('base64')}`);
  return transpiledThread;
}
