import { Inject, Injectable } from '@nestjs/common';
import type { CheckStatus, LocalizedText, MaintenanceThresholds } from '@atrio/protocol';
import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { SettingsService } from '../../settings/settings.service.js';
import { MAINTENANCE_THRESHOLDS } from '../maintenance-settings.js';
import { type CheckResult, esDecimal, joinText, MB, type RoutineCheck, worst } from './routine-check.js';

export interface ResourceSample {
  loadPerCore: number;
  memoryFreePercent: number;
  diskFreePercent: number;
}

/** Each resource against its thresholds; pure, so the limits are tested without a busy machine. */
export function judgeResources(
  sample: ResourceSample,
  t: MaintenanceThresholds,
): { status: CheckStatus; problems: LocalizedText[] } {
  const problems: LocalizedText[] = [];
  let status: CheckStatus = 'ok';
  const judge = (bad: boolean, worse: boolean, text: LocalizedText) => {
    if (!bad) return;
    status = worst(status, worse ? 'failed' : 'warning');
    problems.push(text);
  };
  judge(sample.loadPerCore >= t.cpuLoadWarn, sample.loadPerCore >= t.cpuLoadFail, {
    en: `CPU load ${sample.loadPerCore.toFixed(2)} per core`,
    es: `carga de CPU de ${esDecimal(sample.loadPerCore.toFixed(2))} por núcleo`,
  });
  judge(
    sample.memoryFreePercent <= t.memoryFreeWarnPercent,
    sample.memoryFreePercent <= t.memoryFreeFailPercent,
    {
      en: `only ${sample.memoryFreePercent.toFixed(1)}% memory free`,
      es: `solo un ${esDecimal(sample.memoryFreePercent.toFixed(1))} % de memoria libre`,
    },
  );
  judge(sample.diskFreePercent <= t.diskFreeWarnPercent, sample.diskFreePercent <= t.diskFreeFailPercent, {
    en: `only ${sample.diskFreePercent.toFixed(1)}% disk free in the data folder`,
    es: `solo un ${esDecimal(sample.diskFreePercent.toFixed(1))} % de disco libre en la carpeta de datos`,
  });
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
    const shortage = joinText(problems, '; ');
    const message: LocalizedText =
      status === 'ok'
        ? {
            en: `Headroom is fine: load ${figures.loadPerCore} per core, ${figures.memoryFreePercent}% memory and ${figures.diskFreePercent}% disk free.`,
            es: `Hay margen suficiente: carga de ${esDecimal(figures.loadPerCore)} por núcleo, ${esDecimal(figures.memoryFreePercent)} % de memoria y ${esDecimal(figures.diskFreePercent)} % de disco libres.`,
          }
        : {
            en: `Resources are short: ${shortage.en} (limits in the maintenance.thresholds setting).`,
            es: `Recursos escasos: ${shortage.es} (límites en el ajuste maintenance.thresholds).`,
          };
    return { status, message, figures };
  }
}

const round = (value: number, digits: number) => Number(value.toFixed(digits));
