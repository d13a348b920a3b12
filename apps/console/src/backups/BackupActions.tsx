import { useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import FactCheckIcon from '@mui/icons-material/FactCheck';
import RestoreIcon from '@mui/icons-material/Restore';
import { Button, useRecordContext, useTranslate } from 'react-admin';
import type { BackupManifest, BackupRestoreResult, BackupVerifyResult } from '@atrio/protocol';
import { CommentDialog } from '../common/CommentDialog';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

export function VerifyBackupButton() {
  const backup = useRecordContext<BackupManifest>();
  const { pending, run } = useAction();
  if (!backup) return null;
  return (
    <Button
      label={pending ? 'atrio.backups.verifying' : 'atrio.backups.verify'}
      disabled={pending}
      onClick={(event) => {
        event.stopPropagation();
        void run(
          () => api<BackupVerifyResult>(`/admin/backups/${backup.id}/verify`, { method: 'POST' }),
          (result) => (result.ok ? 'atrio.backups.verified' : 'atrio.backups.verify_failed'),
        );
      }}
    >
      <FactCheckIcon />
    </Button>
  );
}

export function DownloadBackupButton() {
  const backup = useRecordContext<BackupManifest>();
  if (!backup) return null;
  return (
    <Button
      label="atrio.backups.download"
      component="a"
      href={`/api/admin/backups/${backup.id}/download`}
      onClick={(event: React.MouseEvent) => event.stopPropagation()}
    >
      <DownloadIcon />
    </Button>
  );
}

/** The manual's §9.2 recovery, with the server's safeguards: the admin types the backup's id to go on. */
export function RestoreBackupButton() {
  const backup = useRecordContext<BackupManifest>();
  const translate = useTranslate();
  const { pending, run } = useAction();
  const [open, setOpen] = useState(false);
  if (!backup) return null;
  return (
    <>
      <Button
        label={pending ? 'atrio.backups.restoring' : 'atrio.backups.restore'}
        color="warning"
        disabled={pending || backup.status === 'failed' || backup.status === 'verify_failed'}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(true);
        }}
      >
        <RestoreIcon />
      </Button>
      <CommentDialog
        open={open}
        title={translate('atrio.backups.restore_title', { id: backup.id })}
        body={translate('atrio.backups.restore_body', { id: backup.id })}
        label={translate('atrio.backups.restore_type')}
        mustEqual={backup.id}
        confirmLabel={translate('atrio.backups.restore')}
        pending={pending}
        onClose={() => setOpen(false)}
        onConfirm={(typed) => {
          setOpen(false);
          void run(
            () =>
              api<BackupRestoreResult>(`/admin/backups/${backup.id}/restore`, {
                method: 'POST',
                body: { confirm: typed },
              }),
            'atrio.backups.restored',
            { id: backup.id },
          );
        }}
      />
    </>
  );
}
