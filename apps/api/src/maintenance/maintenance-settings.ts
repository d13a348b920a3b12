import {
  maintenanceLogsPolicySchema,
  maintenanceScheduleSchema,
  maintenanceThresholdsSchema,
} from '@atrio/protocol';
import { defineSetting } from '../settings/setting-definition.js';

export const MAINTENANCE_SCHEDULE = defineSetting(
  'maintenance.schedule',
  maintenanceScheduleSchema,
  { dailyTime: '07:00', weeklyDay: 1, monthlyDay: 1 },
  'The routines run on their own at dailyTime ("HH:MM", server time): daily every day, weekly on weeklyDay (0 = Sunday), monthly on monthlyDay (1-28).',
);

export const MAINTENANCE_LOGS = defineSetting(
  'maintenance.logs',
  maintenanceLogsPolicySchema,
  { maxAgeDays: 30, maxTotalMb: 500 },
  'Log cleanup (daily routine): rotated log files older than maxAgeDays are deleted, then the oldest until the logs folder holds at most maxTotalMb. The active file is never deleted.',
);

export const MAINTENANCE_THRESHOLDS = defineSetting(
  'maintenance.thresholds',
  maintenanceThresholdsSchema,
  {
    cpuLoadWarn: 0.8,
    cpuLoadFail: 1.5,
    memoryFreeWarnPercent: 15,
    memoryFreeFailPercent: 5,
    diskFreeWarnPercent: 15,
    diskFreeFailPercent: 5,
  },
  'Resource headroom (daily routine): 1-minute load per CPU core, and free memory and free disk (data folder) in percent, at which the check warns or fails.',
);
