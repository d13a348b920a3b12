import { SingleBar } from 'cli-progress';
import type { CliOutput } from './cli-io.js';

export interface Progress {
  /** `done` of `total` steps; `label` names the current step. */
  update(done: number, total: number, label?: string): void;
  stop(): void;
}

const SILENT: Progress = { update: () => undefined, stop: () => undefined };

/**
 * A bar on a terminal; on a pipe or in cron mail, one `title: N%` line per 10 % step; nothing at
 * all with --json. Always on stderr, so stdout carries only the result.
 */
export function startProgress(stderr: CliOutput, json: boolean, title: string): Progress {
  if (json) return SILENT;
  if (stderr.isTTY) {
    const bar = new SingleBar({
      stream: stderr as NodeJS.WriteStream,
      format: `${title} [{bar}] {percentage}% {step}`,
      hideCursor: true,
      clearOnComplete: true,
    });
    let started = false;
    return {
      update(done, total, label = '') {
        if (!started) {
          bar.start(Math.max(total, 1), 0, { step: label });
          started = true;
        }
        bar.setTotal(Math.max(total, 1));
        bar.update(done, { step: label });
      },
      stop: () => {
        if (started) bar.stop();
      },
    };
  }
  let lastShown = -1;
  return {
    update(done, total, label) {
      const percent = total <= 0 ? 100 : Math.floor((100 * Math.min(done, total)) / total);
      const step = Math.floor(percent / 10) * 10;
      if (step <= lastShown) return;
      lastShown = step;
      stderr.write(`${title}: ${step}%${label ? ` (${label})` : ''}\n`);
    },
    stop: () => undefined,
  };
}
