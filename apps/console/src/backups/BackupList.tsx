import BackupIcon from '@mui/icons-material/Backup';
import { LinearProgress } from '@mui/material';
import {
  Button,
  Datagrid,
  DateField,
  FunctionField,
  List,
  TextField,
  TopToolbar,
  useTranslate,
} from 'react-admin';
import type { BackupManifest } from '@atrio/protocol';
import { formatBytes } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';
import { DownloadBackupButton, RestoreBackupButton, VerifyBackupButton } from './BackupActions';

function BackUpNow() {
  const { pending, run } = useAction();
  return (
    <>
      <Button
        label={pending ? 'atrio.backups.creating' : 'atrio.backups.create'}
        variant="contained"
        disabled={pending}
        onClick={() =>
          void run(() => api<BackupManifest>('/admin/backups', { method: 'POST' }), 'atrio.backups.created')
        }
      >
        <BackupIcon />
      </Button>
      {pending && <LinearProgress sx={{ width: 160, ml: 2 }} aria-label="progress" />}
    </>
  );
}

function Actions() {
  return (
    <TopToolbar sx={{ alignItems: 'center' }}>
      <BackUpNow />
    </TopToolbar>
  );
}

export function BackupList() {
  return (
    <List actions={<Actions />} sort={{ field: 'createdAt', order: 'DESC' }} exporter={false} empty={false}>
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <TextField source="id" sx={{ whiteSpace: 'nowrap', fontFamily: 'monospace' }} />
        <DateField source="createdAt" showTime />
        <FunctionField
          source="trigger"
          render={(b: BackupManifest) => <TranslatedTrigger value={b.trigger} />}
        />
        <FunctionField source="status" render={(b: BackupManifest) => <StatusChip value={b.status} />} />
        <FunctionField source="sizeBytes" render={(b: BackupManifest) => formatBytes(b.sizeBytes)} />
        <FunctionField
          source="compressedBytes"
          render={(b: BackupManifest) => formatBytes(b.compressedBytes)}
        />
        <DateField source="verifiedAt" showTime />
        <TextField source="verifyDetails" sortable={false} />
        <VerifyBackupButton />
        <DownloadBackupButton />
        <RestoreBackupButton />
      </Datagrid>
    </List>
  );
}

function TranslatedTrigger({ value }: { value: string }) {
  const translate = useTranslate();
  return <>{translate(`atrio.backups.trigger.${value}`)}</>;
}
