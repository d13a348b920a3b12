import BlockIcon from '@mui/icons-material/Block';
import GroupAddIcon from '@mui/icons-material/GroupAdd';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import LogoutIcon from '@mui/icons-material/Logout';
import { Chip, Stack, useMediaQuery, type Theme } from '@mui/material';
import {
  BooleanField,
  CreateButton,
  Datagrid,
  DateField,
  EditButton,
  ExportButton,
  FilterButton,
  FunctionField,
  List,
  NullableBooleanInput,
  SearchInput,
  SelectInput,
  SimpleList,
  TextField,
  TopToolbar,
  usePermissions,
} from 'react-admin';
import type { AdminUser } from '@atrio/protocol';
import { can } from '../access';
import { StatusChip } from '../common/StatusChip';
import { BulkUserAction } from './BulkUserAction';
import { useRoleChoices } from './roleChoices';

const STATUS_CHOICES = ['active', 'locked', 'disabled'].map((id) => ({ id, name: `atrio.status.${id}` }));

function Filters() {
  const roles = useRoleChoices();
  return [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput key="status" source="status" choices={STATUS_CHOICES} alwaysOn />,
    <SelectInput key="role" source="role" choices={roles} />,
    <NullableBooleanInput key="twoFactor" source="twoFactor" />,
  ];
}

function Actions() {
  const { permissions } = usePermissions<string[]>();
  return (
    <TopToolbar>
      <FilterButton />
      {can(permissions, 'users.manage') && <CreateButton />}
      <ExportButton />
    </TopToolbar>
  );
}

function BulkActions() {
  const { permissions } = usePermissions<string[]>();
  return (
    <>
      {can(permissions, 'users.unlock') && <BulkUserAction kind="unlock" icon={<LockOpenIcon />} />}
      {can(permissions, 'users.manage') && (
        <>
          <BulkUserAction kind="revoke" icon={<LogoutIcon />} />
          <BulkUserAction kind="addRole" icon={<GroupAddIcon />} />
          <BulkUserAction kind="disable" icon={<BlockIcon />} />
        </>
      )}
    </>
  );
}

export function UserList() {
  const { permissions } = usePermissions<string[]>();
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  return (
    <List filters={Filters()} actions={<Actions />} sort={{ field: 'username', order: 'ASC' }} perPage={25}>
      {phone ? (
        <SimpleList<AdminUser>
          primaryText={(user) => user.username}
          secondaryText={(user) => `${user.displayName} · ${user.roles.join(', ')}`}
          tertiaryText={(user) => <StatusChip value={user.status} />}
          linkType={can(permissions, 'users.manage') ? 'edit' : false}
        />
      ) : (
        <Datagrid
          bulkActionButtons={
            can(permissions, 'users.manage') || can(permissions, 'users.unlock') ? <BulkActions /> : false
          }
          rowClick={can(permissions, 'users.manage') ? 'edit' : false}
        >
          <TextField source="username" />
          <TextField source="displayName" />
          <FunctionField
            source="roles"
            sortable={false}
            render={(user: AdminUser) => (
              <Stack direction="row" spacing={0.5} useFlexGap sx={{ flexWrap: 'wrap' }}>
                {user.roles.map((role) => (
                  <Chip key={role} label={role} size="small" variant="outlined" />
                ))}
              </Stack>
            )}
          />
          <FunctionField source="status" render={(user: AdminUser) => <StatusChip value={user.status} />} />
          <BooleanField source="twoFactorEnabled" sortable={false} />
          <DateField source="lastLoginAt" showTime />
          {can(permissions, 'users.manage') && <EditButton />}
        </Datagrid>
      )}
    </List>
  );
}
