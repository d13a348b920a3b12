import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { lastScheduledTime } from '../../common/daily-schedule.js';
import { BACKUP_POLICY } from '../../backup/backup-settings.js';
import { BackupService } from '../../backup/backup.service.js';
import { SettingsService } from '../../settings/settings.service.js';
import { lazyService } from './lazy-service.js';
import { type CheckContext, type CheckResult, esDecimal, type RoutineCheck } from './routine-check.js';

/** A scheduled backup that started less than this ago may still be running: the slot before counts. */
const GRACE_MS = 60 * 60_000;

/**
 * §8.1 "Confirmar backups exitosos": the newest backup was taken at or after the most recent
 * backup slot (an hour's grace) and passes a fresh verification now.
 */
@Injectable()
export class BackupCheck implements RoutineCheck {
  readonly id = 'backup.last';

  private readonly backupService: () => BackupService | null;

  constructor(
    moduleRef: ModuleRef,
    private readonly settings: SettingsService,
  ) {
    this.backupService = lazyService(moduleRef, BackupService);
  }

  async run({ actor, now }: CheckContext): Promise<CheckResult> {
    const backups = this.backupService();
    if (!backups) throw new Error('backups are not available in this process');
    const policy = await this.settings.get(BACKUP_POLICY);
    const expectedSince = lastScheduledTime(policy.scheduleCron, new Date(now.getTime() - GRACE_MS));
    const newest = (await backups.store.list()).find((m) => m.trigger !== 'pre-restore');
    if (!newest) {
      return {
        status: 'failed',
        message: {
          en: 'No backup has ever been taken. Take one now (console or "atrio backup create").',
          es: 'Todavía no se ha hecho ningún backup. Hacer uno ahora (desde la consola o con «atrio backup create»).',
        },
        figures: { expectedSince: expectedSince.toISOString() },
      };
    }
    const ageHours = Math.round((now.getTime() - Date.parse(newest.createdAt)) / 360_000) / 10;
    const figures = {
      backupId: newest.id,
      createdAt: newest.createdAt,
      ageHours,
      expectedSince: expectedSince.toISOString(),
      sizeBytes: newest.sizeBytes,
    };
    if (newest.status === 'failed') {
      return {
        status: 'failed',
        message: {
          en: `The newest backup ${newest.id} failed: ${newest.verifyDetails ?? 'no reason recorded'}.`,
          es: `El backup más reciente, ${newest.id}, falló: ${newest.verifyDetails ?? 'no consta el motivo'}.`,
        },
        figures: { ...figures, verified: false },
      };
    }
    const verification = await backups.verify(actor, newest.id);
    if (!verification.ok) {
      return {
        status: 'failed',
        message: {
          en: `The newest backup ${newest.id} does not pass verification: ${verification.details}.`,
          es: `El backup más reciente, ${newest.id}, no supera la verificación: ${verification.details}.`,
        },
        figures: { ...figures, verified: false },
      };
    }
    if (Date.parse(newest.createdAt) < expectedSince.getTime()) {
      return {
        status: 'failed',
        message: {
          en: `The newest backup ${newest.id} is ${ageHours} h old; the schedule "${policy.scheduleCron}" expects one since ${expectedSince.toISOString()}. Is the scheduled backup failing?`,
          es: `El backup más reciente, ${newest.id}, tiene ${esDecimal(ageHours)} h; la programación «${policy.scheduleCron}» espera uno posterior a ${expectedSince.toISOString()}. ¿Está fallando el backup programado?`,
        },
        figures: { ...figures, verified: true },
      };
    }
    return {
      status: 'ok',
      message: {
        en: `Backup ${newest.id} (${ageHours} h old) is recent and verified: ${verification.details}.`,
        es: `El backup ${newest.id} (de hace ${esDecimal(ageHours)} h) es reciente y está verificado: ${verification.details}.`,
      },
      figures: { ...figures, verified: true },
    };
  }
}
