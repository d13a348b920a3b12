import { Inject, Injectable } from '@nestjs/common';
import type { CheckStatus, MaintenanceThresholds } from '@atrio/protocol';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { SettingsService } from '../../settings/settings.service.js';
import { MAINTENANCE_THRESHOLDS } from '../maintenance-settings.js';
import { type CheckResult, MB, type RoutineCheck, worst } from './routine-check.js';

export interface ResourceSample {
  loadPerCore: number;
  memoryFreePercent: number;
  diskFreePercent: number;
}

/** Each resource against its thresholds; pure, so the limits are tested without a busy machine. */
export function judgeResources(
  sample: ResourceSample,
  t: MaintenanceThresholds,
): { status: CheckStatus; problems: string[] } {
  const problems: string[] = [];
  let status: CheckStatus = 'ok';
  const judge = (bad: boolean, worse: boolean, text: string) => {
    if (!bad) return;
    status = worst(status, worse ? 'failed' : 'warning');
    problems.push(text);
  };
  judge(
    sample.loadPerCore >= t.cpuLoadWarn,
    sample.loadPerCore >= t.cpuLoadFail,
    `CPU load ${sample.loadPerCore.toFixed(2)} per core`,
  );
  judge(
    sample.memoryFreePercent <= t.memoryFreeWarnPercent,
    sample.memoryFreePercent <= t.memoryFreeFailPercent,
    `only ${sample.memoryFreePercent.toFixed(1)}% memory free`,
  );
  judge(
    sample.diskFreePercent <= t.diskFreeWarnPercent,
    sample.diskFreePercent <= t.diskFreeFailPercent,
    `only ${sample.diskFreePercent.toFixed(1)}% disk free in the data folder`,
  );
  return { status, problems };
}

/** §8.1 "Monitorear recursos del sistema": CPU, memory and disk headroom. */
@Injectable()
export class ResourcesCheck implements RoutineCheck {
  readonly id = 'resources.headroom';

  constructor(
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'dataDir'>,
    private readonly settings: SettingsService,
  ) {}

  async run(): Promise<CheckResult> {
    const thresholds = await this.settings.get(MAINTENANCE_THRESHOLDS);
    const cores = os.availableParallelism();
    const disk = await statfs(this.config.dataDir);
    const diskTotal = disk.blocks * disk.bsize;
    const diskFree = disk.bavail * disk.bsize;
    const sample: ResourceSample = {
      loadPerCore: os.loadavg()[0]! / cores,
      memoryFreePercent: (os.freemem() / os.totalmem()) * 100,
      diskFreePercent: diskTotal === 0 ? 100 : (diskFree / diskTotal) * 100,
    };
    const { status, problems } = judgeResources(sample, thresholds);
    const figures = {
      cores,
      loadPerCore: round(sample.loadPerCore, 2),
      memoryFreePercent: round(sample.memoryFreePercent, 1),
      memoryFreeMb: Math.round(os.freemem() / MB),
      memoryTotalMb: Math.round(os.totalmem() / MB),
      processRssMb: Math.round(process.memoryUsage().rss / MB),
      diskFreePercent: round(sample.diskFreePercent, 1),
      diskFreeMb: Math.round(diskFree / MB),
      diskTotalMb: Math.round(diskTotal / MB),
    };
    const message =
      status === 'ok'
        ? `Headroom is fine: load ${figures.loadPerCore} per core, ${figures.memoryFreePercent}% memory and ${figures.diskFreePercent}% disk free.`
        : `Resources are short: ${problems.join('; ')} (limits in the maintenance.thresholds setting).`;
    return { status, message, figures };
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
