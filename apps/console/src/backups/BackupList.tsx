import BackupIcon from '@mui/icons-material/Backup';
import { Card, CardContent, CardHeader, LinearProgress, Link as MuiLink, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import {
  Button,
  Datagrid,
  DateField,
  FunctionField,
  List,
  TextField,
  TopToolbar,
  useGetOne,
  usePermissions,
  useTranslate,
} from 'react-admin';
import type { BackupManifest, BackupPolicy, SettingRow } from '@atrio/protocol';
import { can } from '../access';
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

/** The schedule and what is kept (setting backups.policy), with the way to change it. */
function Policy() {
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const allowed = can(permissions, 'settings.manage');
  const { data } = useGetOne<SettingRow>('settings', { id: 'backups.policy' }, { enabled: allowed });
  if (!allowed || !data) return null;
  const policy = data.value as BackupPolicy;
  const [minute, hour] = policy.scheduleCron.split(' ');
  return (
    <Card sx={{ mb: 2 }}>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.backups.policy')}
        action={
          <MuiLink component={Link} to="/settings/backups.policy" sx={{ mr: 1 }}>
            {translate('ra.action.edit')}
          </MuiLink>
        }
      />
      <CardContent sx={{ pt: 0 }}>
        <Typography variant="body2">
          {translate('atrio.backups.policy_text', {
            time: `${hour!.padStart(2, '0')}:${minute!.padStart(2, '0')}`,
            count: policy.keepCount,
            days: policy.keepDays,
          })}
        </Typography>
      </CardContent>
    </Card>
  );
}

export function BackupList() {
  return (
    <>
      <Policy />
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
    </>
  );
}

function TranslatedTrigger({ value }: { value: string }) {
  const translate = useTranslate();
  return <>{translate(`atrio.backups.trigger.${value}`)}</>;
}
