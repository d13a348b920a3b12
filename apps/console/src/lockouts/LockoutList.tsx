import LockOpenIcon from '@mui/icons-material/LockOpen';
import {
  Card,
  CardContent,
  CardHeader,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import {
  Button,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  TextField,
  TopToolbar,
  useGetList,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { Lockout, ThrottledAddress } from '@atrio/protocol';
import { formatDuration } from '../common/format';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

/** One click, no dialog: unlocking is never destructive, and it is audited on the server. */
function UnlockButton() {
  const lockout = useRecordContext<Lockout>();
  const { pending, run } = useAction();
  if (!lockout) return null;
  return (
    <Button
      label="atrio.lockouts.unlock"
      disabled={pending}
      onClick={(event) => {
        event.stopPropagation();
        void run(
          () => api(`/admin/users/${lockout.userId}/unlock`, { method: 'POST' }),
          'atrio.lockouts.unlocked',
          {
            name: lockout.username,
          },
        );
      }}
    >
      <LockOpenIcon />
    </Button>
  );
}

function ThrottledAddresses() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending } = useGetList<ThrottledAddress>('login-throttle', {
    pagination: { page: 1, perPage: 100 },
    sort: { field: 'id', order: 'ASC' },
  });
  const { pending, run } = useAction();
  return (
    <Card sx={{ mt: 2 }}>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.lockouts.addresses')}
        subheader={translate('atrio.lockouts.addresses_help')}
      />
      <CardContent>
        {!isPending && (data ?? []).length === 0 ? (
          <Typography color="text.secondary">{translate('atrio.lockouts.no_addresses')}</Typography>
        ) : (
          <Table size="small" aria-label={translate('atrio.lockouts.addresses')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('atrio.lockouts.address')}</TableCell>
                <TableCell align="right">{translate('atrio.lockouts.failures')}</TableCell>
                <TableCell>{translate('atrio.lockouts.state')}</TableCell>
                <TableCell>{translate('atrio.lockouts.reset_in')}</TableCell>
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {(data ?? []).map((row) => (
                <TableRow key={row.id}>
                  <TableCell sx={{ fontFamily: 'monospace' }}>{row.ip}</TableCell>
                  <TableCell align="right">
                    {row.failures} / {row.limit}
                  </TableCell>
                  <TableCell>
                    <Chip
                      size="small"
                      color={row.throttled ? 'error' : 'default'}
                      label={translate(
                        row.throttled ? 'atrio.lockouts.throttled' : 'atrio.lockouts.watching',
                      )}
                    />
                  </TableCell>
                  <TableCell>{formatDuration(row.resetInSeconds, locale)}</TableCell>
                  <TableCell>
                    <Button
                      label="atrio.lockouts.lift"
                      disabled={pending}
                      onClick={() =>
                        void run(
                          () =>
                            api(`/admin/login-throttle/${encodeURIComponent(row.ip)}`, { method: 'DELETE' }),
                          'atrio.lockouts.lifted',
                        )
                      }
                    />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

export function LockoutList() {
  const translate = useTranslate();
  return (
    <>
      <List
        actions={<TopToolbar />}
        pagination={false}
        perPage={100}
        empty={false}
        exporter={false}
        title="atrio.menu.lockouts"
      >
        <Datagrid
          bulkActionButtons={false}
          rowClick={false}
          empty={<Typography sx={{ p: 2 }}>{translate('atrio.lockouts.none')}</Typography>}
        >
          <FunctionField
            source="username"
            render={(l: Lockout) => (
              <div>
                <strong>{l.username}</strong>
                <Typography variant="body2" color="text.secondary">
                  {l.displayName}
                </Typography>
              </div>
            )}
          />
          <FunctionField
            source="reasons"
            sortable={false}
            render={(l: Lockout) => (
              <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                {l.reasons.map((r) => (
                  <Chip key={r} size="small" label={translate(`atrio.lockouts.reason.${r}`)} />
                ))}
              </Stack>
            )}
          />
          <DateField source="lockedAt" showTime sortable={false} />
          <DateField source="lockedUntil" showTime sortable={false} />
          <NumberField source="attempts" sortable={false} />
          <FunctionField
            source="addresses"
            sortable={false}
            render={(l: Lockout) => l.addresses.map((a) => `${a.ip} (${a.attempts})`).join(', ')}
          />
          <TextField source="lockCount" sortable={false} />
          <UnlockButton />
        </Datagrid>
      </List>
      <ThrottledAddresses />
    </>
  );
}
