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
  type Identifier,
  useDataProvider,
  useGetList,
  useListContext,
  useNotify,
  useRefresh,
  useTranslate,
  useUnselectAll,
} from 'react-admin';
import type { AdminUser, BulkUserActionName, BulkUserResponse, BulkUserResult, Role } from '@atrio/protocol';
import { StatusChip } from '../common/StatusChip';
import { api } from '../dataProvider';

export type BulkKind = 'disable' | 'unlock' | 'revoke' | 'addRole';

const ACTION: Record<BulkKind, BulkUserActionName> = {
  disable: 'disable',
  unlock: 'unlock',
  revoke: 'revokeSessions',
  addRole: 'addRole',
};

function bulkRequest(kind: BulkKind, ids: Identifier[], role: string, expectedCount?: number) {
  return api<BulkUserResponse>('/admin/users/bulk', {
    method: 'POST',
    body: {
      action: ACTION[kind],
      ids: ids.map(Number),
      ...(kind === 'addRole' && { role }),
      ...(expectedCount !== undefined && { apply: true, expectedCount }),
    },
  });
}

/**
 * A bulk action in two steps through one server route (`POST /api/admin/users/bulk`): the server
 * previews exactly who changes, who is skipped and who is refused by its rules (the last
 * administrator, oneself, an account holding more), then the admin types how many accounts will
 * change, and the server applies it only if that is still the number, auditing each account.
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
  const [preview, setPreview] = useState<BulkUserResponse | null>(null);
  const [role, setRole] = useState('');
  const [typed, setTyped] = useState('');
  const [running, setRunning] = useState(false);
  const [failures, setFailures] = useState<string[]>([]);

  const previewFor = (chosenRole: string) => {
    setPreview(null);
    if (kind === 'addRole' && chosenRole === '') return;
    bulkRequest(kind, selectedIds, chosenRole).then(setPreview, (error: Error) =>
      notify(error.message, { type: 'error' }),
    );
  };
  const open = async () => {
    setTyped('');
    setFailures([]);
    const { data } = await dataProvider.getMany<AdminUser>('users', { ids: selectedIds });
    setUsers(data);
    previewFor(role);
  };
  const count = preview?.count ?? 0;
  const ready = count > 0 && typed.trim() === String(count);
  const byId = new Map((preview?.results ?? []).map((r) => [r.id, r]));
  const effect = (result: BulkUserResult | undefined) => {
    if (!result) return '…';
    if (result.outcome === 'change') return translate(`atrio.bulk.effect_${kind}`);
    return translate(`atrio.bulk.reason.${result.reason ?? 'other'}`, {
      _: result.message ?? result.reason ?? '',
    });
  };

  const confirm = async () => {
    setRunning(true);
    try {
      const done = await bulkRequest(kind, selectedIds, role, count);
      const failed = done.results.filter((r) => r.outcome === 'failed');
      notify('atrio.bulk.done', {
        type: failed.length ? 'warning' : 'success',
        messageArgs: { smart_count: done.count, failed: failed.length },
      });
      refresh();
      if (failed.length) {
        setFailures(failed.map((r) => `${r.username ?? r.id}: ${effect(r)}`));
        setPreview(done);
      } else {
        setUsers(null);
        unselectAll();
      }
    } catch (error) {
      // The preview no longer holds (someone else changed an account): show the new one.
      notify(error instanceof Error ? error.message : String(error), { type: 'error' });
      setTyped('');
      previewFor(role);
    } finally {
      setRunning(false);
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
              onChange={(e) => {
                setRole(e.target.value);
                previewFor(e.target.value);
              }}
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
                  <TableCell
                    sx={{
                      color: byId.get(Number(user.id))?.outcome === 'refused' ? 'error.main' : undefined,
                    }}
                  >
                    {effect(byId.get(Number(user.id)))}
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
            {preview === null && !(kind === 'addRole' && role === '')
              ? translate('atrio.bulk.previewing')
              : translate('atrio.bulk.type_count', { smart_count: count })}
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
            {translate('atrio.bulk.apply', { smart_count: count })}
          </MuiButton>
        </DialogActions>
      </Dialog>
    </>
  );
}
