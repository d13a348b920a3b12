import {
  DeleteWithConfirmButton,
  Edit,
  SaveButton,
  SelectArrayInput,
  SelectInput,
  SimpleForm,
  TextInput,
  Toolbar,
  TopToolbar,
  required,
} from 'react-admin';
import { UserSecurityActions } from './UserActions';
import { useRoleChoices } from './roleChoices';

const STATUS_CHOICES = [
  { id: 'active', name: 'atrio.status.active' },
  { id: 'disabled', name: 'atrio.status.disabled' },
];

function EditToolbar() {
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      <DeleteWithConfirmButton confirmContent="atrio.users.confirm.delete" />
    </Toolbar>
  );
}

/** The last administrator can be neither disabled nor deleted: the server refuses and the message says so. */
export function UserEdit() {
  const roles = useRoleChoices();
  return (
    <Edit
      mutationMode="pessimistic"
      actions={
        <TopToolbar>
          <UserSecurityActions />
        </TopToolbar>
      }
    >
      <SimpleForm toolbar={<EditToolbar />}>
        <TextInput source="username" disabled />
        <TextInput source="displayName" validate={required()} />
        <TextInput source="email" type="email" parse={(value: string) => (value === '' ? null : value)} />
        <SelectArrayInput source="roles" choices={roles} />
        <SelectInput source="status" choices={STATUS_CHOICES} disabled={false} />
      </SimpleForm>
    </Edit>
  );
}
