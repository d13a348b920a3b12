import { useState } from 'react';
import AddIcon from '@mui/icons-material/Add';
import DeleteIcon from '@mui/icons-material/Delete';
import {
  Box,
  Card,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  IconButton,
  Button as MuiButton,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  TextField,
  Tooltip,
  Typography,
} from '@mui/material';
import {
  Button,
  Confirm,
  Loading,
  Title,
  TopToolbar,
  useCreate,
  useDelete,
  useGetList,
  useNotify,
  usePermissions,
  useTranslate,
  useUpdate,
} from 'react-admin';
import type { Permission, Role } from '@atrio/protocol';
import { PERMISSION_NAMES as PERMISSIONS } from '../common/wire-values';
import { can } from '../access';

function NewRoleDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const translate = useTranslate();
  const notify = useNotify();
  const [create, { isPending }] = useCreate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  return (
    <Dialog open={open} onClose={onClose} aria-labelledby="new-role-title" fullWidth maxWidth="xs">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void create(
            'roles',
            { data: { name, description } },
            {
              onSuccess: () => {
                notify('atrio.roles.created', { type: 'success', messageArgs: { name } });
                setName('');
                setDescription('');
                onClose();
              },
              onError: (error) => notify((error as Error).message, { type: 'error' }),
            },
          );
        }}
      >
        <DialogTitle id="new-role-title">{translate('atrio.roles.new')}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            <TextField
              autoFocus
              required
              label={translate('resources.roles.fields.name')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              helperText={translate('atrio.roles.name_help')}
            />
            <TextField
              label={translate('resources.roles.fields.description')}
              value={description}
              onChange={(e) => setDescription(e.target.value)}
            />
          </Stack>
        </DialogContent>
        <DialogActions>
          <MuiButton onClick={onClose}>{translate('ra.action.cancel')}</MuiButton>
          <MuiButton type="submit" variant="contained" disabled={isPending || name.trim() === ''}>
            {translate('ra.action.create')}
          </MuiButton>
        </DialogActions>
      </form>
    </Dialog>
  );
}

/**
 * Roles × permissions: one column per role, one row per permission. Custom roles change with a
 * click (saved at once, audited on the server); built-in roles are shown read-only.
 */
export function RoleMatrix() {
  const translate = useTranslate();
  const notify = useNotify();
  const { permissions } = usePermissions<string[]>();
  const editable = can(permissions, 'roles.manage');
  const { data: roles, isPending } = useGetList<Role>('roles', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'id', order: 'ASC' },
  });
  const [update, { isPending: saving }] = useUpdate<Role>();
  const [remove] = useDelete<Role>();
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<Role | null>(null);
  if (isPending) return <Loading />;

  const save = (role: Role, data: Partial<Role>) =>
    update(
      'roles',
      { id: role.id, data, previousData: role },
      {
        mutationMode: 'pessimistic',
        onSuccess: () => notify('atrio.roles.saved', { type: 'success', messageArgs: { name: role.name } }),
        onError: (error) => notify((error as Error).message, { type: 'error' }),
      },
    );
  const toggle = (role: Role, permission: Permission) =>
    save(role, {
      permissions: role.permissions.includes(permission)
        ? role.permissions.filter((p) => p !== permission)
        : [...role.permissions, permission],
    });
  const locked = (role: Role) => role.builtin || !editable || saving;

  return (
    <Box>
      <Title title="atrio.menu.roles" />
      <TopToolbar>
        {editable && (
          <Button label="atrio.roles.new" onClick={() => setCreating(true)}>
            <AddIcon />
          </Button>
        )}
      </TopToolbar>
      <Card>
        <TableContainer>
          <Table size="small" stickyHeader aria-label={translate('atrio.roles.matrix')}>
            <TableHead>
              <TableRow>
                <TableCell sx={{ minWidth: 200 }}>{translate('atrio.roles.permission')}</TableCell>
                {(roles ?? []).map((role) => (
                  <TableCell key={role.id} align="center" sx={{ minWidth: 110 }}>
                    <Stack sx={{ alignItems: 'center' }}>
                      <Tooltip title={role.description || role.name}>
                        <strong>{role.name}</strong>
                      </Tooltip>
                      <Typography variant="caption" color="text.secondary">
                        {role.builtin ? translate('atrio.roles.builtin') : translate('atrio.roles.custom')} ·{' '}
                        {translate('atrio.roles.users', { smart_count: role.userCount })}
                      </Typography>
                      {!role.builtin && editable && (
                        <IconButton
                          size="small"
                          aria-label={translate('atrio.roles.delete', { name: role.name })}
                          onClick={() => setDeleting(role)}
                        >
                          <DeleteIcon fontSize="small" />
                        </IconButton>
                      )}
                    </Stack>
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              <TableRow>
                <TableCell>
                  <strong>{translate('atrio.roles.require_2fa')}</strong>
                </TableCell>
                {(roles ?? []).map((role) => (
                  <TableCell key={role.id} align="center">
                    <Checkbox
                      checked={role.requireTwoFactor}
                      disabled={locked(role)}
                      onChange={() => void save(role, { requireTwoFactor: !role.requireTwoFactor })}
                      slotProps={{
                        input: { 'aria-label': `${role.name}: ${translate('atrio.roles.require_2fa')}` },
                      }}
                    />
                  </TableCell>
                ))}
              </TableRow>
              {PERMISSIONS.map((permission) => (
                <TableRow key={permission} hover>
                  <TableCell>
                    <div>{translate(`atrio.permissions.${permission}`)}</div>
                    <Typography variant="caption" color="text.secondary" sx={{ fontFamily: 'monospace' }}>
                      {permission}
                    </Typography>
                  </TableCell>
                  {(roles ?? []).map((role) => (
                    <TableCell key={role.id} align="center">
                      <Checkbox
                        checked={role.permissions.includes(permission)}
                        disabled={locked(role)}
                        onChange={() => void toggle(role, permission)}
                        slotProps={{ input: { 'aria-label': `${role.name}: ${permission}` } }}
                      />
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      </Card>
      <NewRoleDialog open={creating} onClose={() => setCreating(false)} />
      <Confirm
        isOpen={deleting !== null}
        title="atrio.roles.delete"
        content="atrio.roles.confirm_delete"
        translateOptions={{ name: deleting?.name ?? '', smart_count: deleting?.userCount ?? 0 }}
        onConfirm={() => {
          const role = deleting!;
          setDeleting(null);
          void remove(
            'roles',
            { id: role.id, previousData: role },
            {
              mutationMode: 'pessimistic',
              onSuccess: () =>
                notify('atrio.roles.deleted', { type: 'success', messageArgs: { name: role.name } }),
              onError: (error) => notify((error as Error).message, { type: 'error' }),
            },
          );
        }}
        onClose={() => setDeleting(null)}
      />
    </Box>
  );
}
