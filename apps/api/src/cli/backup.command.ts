import { BACKUPS_SORTABLE, type BackupManifest } from '@atrio/protocol';
import { AuditService } from '../audit/audit.service.js';
import { BackupService } from '../backup/backup.service.js';
import { DamagedDatabaseRestore } from '../backup/damaged-restore.js';
import { sqliteDamage } from '../database/damaged-database.js';
import type { CliRun } from './cli-run.js';
import { parseListQuery } from '../common/ra-list.js';
import { runningServer } from '../config/server-pid-file.js';
import type { Outcome, Register } from './command-kit.js';
import { CliError, EXIT } from './exit-codes.js';
import { bytes, fields, table, when } from './output.js';
import { confirmByTyping } from './prompt.js';

export const registerBackupCommands: Register = (program, act) => {
  const backup = program.command('backup').description('take, list, verify and restore backups');

  backup
    .command('create')
    .description('take a backup of the database now (the server may keep running)')
    .action(
      act(async (run) => {
        const manifest = await (await run.get(BackupService)).create(null, 'manual');
        return { data: manifest, text: `Backup ${manifest.id} taken.\n${describe(manifest)}` };
      }),
    );

  backup
    .command('list')
    .description('list the backups, newest first')
    .action(
      act(async (run) => {
        const page = await (
          await run.get(BackupService)
        ).list(
          parseListQuery({ sort: '["createdAt","DESC"]', range: '[0,499]' }, BACKUPS_SORTABLE, 'createdAt'),
        );
        const rows = page.rows.map((m) => [
          m.id,
          when(m.createdAt),
          m.status,
          m.trigger,
          bytes(m.compressedBytes),
          when(m.verifiedAt),
        ]);
        return {
          data: page.rows,
          text: table(['ID', 'TAKEN', 'STATUS', 'TRIGGER', 'SIZE', 'VERIFIED'], rows),
        };
      }),
    );

  backup
    .command('verify <id>')
    .description('check a backup: checksum, integrity_check and a trial restore into a temporary file')
    .action(
      act(async (run, id: string) => {
        const result = await (await run.get(BackupService)).verify(null, id);
        return {
          data: result,
          text: `Backup ${id} ${result.ok ? 'verified' : 'FAILED verification'}: ${result.details}\n`,
          exitCode: result.ok ? EXIT.ok : EXIT.failed,
        };
      }),
    );

  backup
    .command('restore <id>')
    .description('replace the database with a backup; the server must be stopped')
    .option('-y, --yes', 'do not ask to type the id back (for scripts)')
    .action(
      act(async (run, id: string, options: { yes?: boolean }) => {
        const server = runningServer(run.config.dataDir);
        if (server) {
          throw new CliError(
            EXIT.refused,
            `The server is running on this data dir (pid ${server.pid} on ${server.host}, port ${server.port}, ` +
              `since ${server.startedAt}). Stop it first, or restore from the console, which does it online. ` +
              `If no server is running, delete ${run.config.dataDir}/atrio.pid.`,
            'CONFLICT',
            { pid: server.pid, host: server.host, port: server.port },
          );
        }
        if (run.config.databaseKind === 'sqlite') {
          const damage = sqliteDamage(run.config.dataDir);
          if (damage !== null) return restoreOverDamaged(run, id, options.yes === true, damage);
        }
        const backups = await run.get(BackupService);
        const manifest = await backups.get(id); // unknown id: exit 3 before asking anything
        if (!options.yes) {
          await confirmByTyping(
            run.io,
            `This replaces every row of the database with backup ${id} (${when(manifest.createdAt)}); ` +
              'the current data is kept as a pre-restore backup first.\nType the backup id to go ahead: ',
            id,
          );
        }
        const result = await backups.restore(null, id, id);
        return {
          data: result,
          text:
            `Restored backup ${id}: ${result.users} users, ${result.messages} messages.\n` +
            `The data as it was before is in backup ${result.preRestoreBackupId}.\n`,
        };
      }),
    );
};

/** The documented recovery of a database damaged while stopped: the live file cannot be read. */
async function restoreOverDamaged(run: CliRun, id: string, yes: boolean, damage: string): Promise<Outcome> {
  const recovery = new DamagedDatabaseRestore(run.config.dataDir);
  const manifest = await recovery.get(id);
  if (!yes) {
    await confirmByTyping(
      run.io,
      `The database is damaged (${damage}).\nThis puts backup ${id} (${when(manifest.createdAt)}) in its place; ` +
        'the damaged file is kept beside it.\nType the backup id to go ahead: ',
      id,
    );
  }
  const result = await recovery.restore(manifest, new Date());
  // Now that the database opens again (migrations bring an older backup up to date), record it.
  await (
    await run.get(AuditService)
  ).record({
    actor: null,
    action: 'backup.restored',
    target: `backup:${id}`,
    outcome: 'success',
    details: { replacedDamagedDatabase: damage, damagedFileKeptAs: result.damagedFileKeptAs },
  });
  return {
    data: { ...result, replacedDamagedDatabase: damage },
    text:
      `Restored backup ${id} over the damaged database: ${result.users} users, ${result.messages} messages.\n` +
      `The damaged file is kept as ${result.damagedFileKeptAs} in the data dir; start the server again.\n`,
  };
}

function describe(m: BackupManifest): string {
  return fields([
    ['size', `${bytes(m.sizeBytes)} (${bytes(m.compressedBytes)} compressed)`],
    ['sha256', m.sha256],
    ['schema', m.schemaVersion],
    ['file', `${m.id}${m.databaseKind === 'sqlite' ? '.db.gz' : '.dump'} in the data dir's backups/`],
  ]);
}
