import { Create, PasswordInput, SelectArrayInput, SimpleForm, TextInput, required } from 'react-admin';
import { useRoleChoices } from './roleChoices';

/** The password typed here is temporary: the user must replace it at the first sign-in. */
export function UserCreate() {
  const roles = useRoleChoices();
  return (
    <Create redirect="list">
      <SimpleForm defaultValues={{ roles: ['member'] }}>
        <TextInput source="username" validate={required()} autoComplete="off" />
        <TextInput source="displayName" validate={required()} />
        <TextInput source="email" type="email" parse={(value: string) => (value === '' ? null : value)} />
        <PasswordInput
          source="password"
          validate={required()}
          autoComplete="new-password"
          helperText="atrio.users.temporary_help"
        />
        <SelectArrayInput source="roles" choices={roles} />
      </SimpleForm>
    </Create>
  );
}
