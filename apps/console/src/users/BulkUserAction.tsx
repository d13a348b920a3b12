import { useState } from 'react';
import {
  Alert,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Button as MuiButton,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
} from '@mui/material';
import {
  Button,
  useDataProvider,
  useGetList,
  useListContext,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { AdminUser, Role } from '@atrio/protocol';
import { StatusChip } from '../common/StatusChip';
import { api } from '../dataProvider';

export type BulkKind = 'disable' | 'unlock' | 'revoke' | 'addRole';

/** Whether the action changes this user at all; the preview shows the ones it skips and why. */
function applies(kind: BulkKind, user: AdminUser, role: string): boolean {
  switch (kind) {
    case 'disable':
      return user.status !== 'disabled';
    case 'unlock':
      return user.status === 'locked';
    case 'revoke':
      return true;
    case 'addRole':
      return role !== '' && !user.roles.includes(role);
  }
}

function perform(kind: BulkKind, user: AdminUser, role: string): Promise<unknown> {
  switch (kind) {
    case 'disable':
      return api(`/admin/users/${user.id}`, { method: 'PUT', body: { status: 'disabled' } });
    case 'unlock':
      return api(`/admin/users/${user.id}/unlock`, { method: 'POST' });
    case 'revoke':
      return api(`/admin/users/${user.id}/revoke-sessions`, { method: 'POST' });
    case 'addRole':
      return api(`/admin/users/${user.id}`, { method: 'PUT', body: { roles: [...user.roles, role] } });
  }
}

/**
 * A bulk action in two steps: a preview of exactly who changes (and who is skipped), then the
 * admin types how many accounts will change before it runs. Each account is its own request, so
 * the server's rules (the last administrator, permissions) apply one by one and are reported.
 */
export function BulkUserAction({ kind, icon }: { kind: BulkKind; icon: React.ReactElement }) {
  const translate = useTranslate();
  const notify = useNotify();
  const refresh = useRefresh();
  const unselectAll = useUnselectAll('users');
  const dataProvider = useDataProvider();
  const { selectedIds } = useListContext();
  const { data: roles } = useGetList<Role>(
    'roles',
    { pagination: { page: 1, perPage: 100 }, sort: { field: 'name', order: 'ASC' } },
    { enabled: kind === 'addRole' },
  );
  const [users, setUsers] = useState<AdminUser[] | null>(null);
  const [role, setRole] = useState('');
  const [typed, setTyped] = useState('');
  const [running, setRunning] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);

  const open = async () => {
    setTyped('');
    setFailures([]);
    const { data } = await dataProvider.getMany<AdminUser>('users', { ids: selectedIds });
    setUsers(data);
  };
  const changing = (users ?? []).filter((u) => applies(kind, u, role));
  const ready = changing.length > 0 && typed.trim() === String(changing.length);

  const confirm = async () => {
    setRunning(true);
    const failed: string[] = [];
    for (const user of changing) {
      try {
        await perform(kind, user, role);
      } catch (error) {
        failed.push(`${user.username}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    setRunning(false);
    const done = changing.length - failed.length;
    notify('atrio.bulk.done', {
      type: failed.length ? 'warning' : 'success',
      messageArgs: { smart_count: done, failed: failed.length },
    });
    refresh();
    if (failed.length) setFailures(failed);
    else {
      setUsers(null);
      unselectAll();
    }
  };

  return (
    <>
      <Button label={`atrio.bulk.${kind}`} onClick={() => void open()}>
        {icon}
      </Button>
      <Dialog
        open={users !== null}
        onClose={() => setUsers(null)}
        fullWidth
        maxWidth="md"
        aria-labelledby={`bulk-${kind}-title`}
      >
        <DialogTitle id={`bulk-${kind}-title`}>{translate(`atrio.bulk.${kind}`)}</DialogTitle>
        <DialogContent>
          {kind === 'addRole' && (
            <TextField
              select
              fullWidth
              label={translate('atrio.bulk.role')}
              value={role}
              onChange={(e) => setRole(e.target.value)}
              sx={{ my: 1 }}
            >
              {(roles ?? []).map((r) => (
                <MenuItem key={r.id} value={r.name}>
                  {r.name}
                </MenuItem>
              ))}
            </TextField>
          )}
          <Table size="small" aria-label={translate('atrio.bulk.preview')}>
            <TableHead>
              <TableRow>
                <TableCell>{translate('resources.users.fields.username')}</TableCell>
                <TableCell>{translate('resources.users.fields.status')}</TableCell>
                <TableCell>{translate('resources.users.fields.roles')}</TableCell>
                <TableCell>{translate('atrio.bulk.effect')}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {(users ?? []).map((user) => (
                <TableRow key={user.id}>
                  <TableCell>{user.username}</TableCell>
                  <TableCell>
                    <StatusChip value={user.status} />
                  </TableCell>
                  <TableCell>{user.roles.join(', ')}</TableCell>
                  <TableCell>
                    {translate(
                      applies(kind, user, role) ? `atrio.bulk.effect_${kind}` : 'atrio.bulk.skipped',
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          {failures.length > 0 && (
            <Alert severity="error" sx={{ mt: 2 }}>
              {failures.map((f) => (
                <div key={f}>{f}</div>
              ))}
            </Alert>
          )}
          <Alert severity="info" sx={{ mt: 2 }}>
            {translate('atrio.bulk.type_count', { smart_count: changing.length })}
          </Alert>
          <TextField
            sx={{ mt: 2 }}
            label={translate('atrio.bulk.count')}
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            slotProps={{ htmlInput: { inputMode: 'numeric', 'aria-label': translate('atrio.bulk.count') } }}
          />
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={() => setUsers(null)}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton
            variant="contained"
            color="warning"
            disabled={!ready || running}
            onClick={() => void confirm()}
          >
            {translate('atrio.bulk.apply', { smart_count: changing.length })}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
