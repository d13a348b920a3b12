import { describe, expect, it } from 'vitest';
import { judgeResources } from './resources.check.js';

const limits = {
  cpuLoadWarn: 0.8,
  cpuLoadFail: 1.5,
  memoryFreeWarnPercent: 15,
  memoryFreeFailPercent: 5,
  diskFreeWarnPercent: 15,
  diskFreeFailPercent: 5,
};
const healthy = { loadPerCore: 0.2, memoryFreePercent: 60, diskFreePercent: 70 };

describe('judgeResources', () => {
  it('is ok with headroom everywhere', () => {
    expect(judgeResources(healthy, limits)).toEqual({ status: 'ok', problems: [] });
  });

  it('warns between the limits and fails beyond the failure limit, naming each resource', () => {
    expect(judgeResources({ ...healthy, loadPerCore: 1 }, limits).status).toBe('warning');
    expect(judgeResources({ ...healthy, loadPerCore: 2 }, limits).status).toBe('failed');
    expect(judgeResources({ ...healthy, memoryFreePercent: 10 }, limits).status).toBe('warning');
    expect(judgeResources({ ...healthy, memoryFreePercent: 4 }, limits).status).toBe('failed');
    const disk = judgeResources({ ...healthy, diskFreePercent: 3, loadPerCore: 1 }, limits);
    expect(disk.status).toBe('failed');
    expect(disk.problems).toEqual([
      { en: 'CPU load 1.00 per core', es: 'carga de CPU de 1,00 por núcleo' },
      {
        en: 'only 3.0% disk free in the data folder',
        es: 'solo un 3,0 % de disco libre en la carpeta de datos',
      },
    ]);
  });
});
