import { useGetList } from 'react-admin';
import type { Role } from '@atrio/protocol';

/** Role names as choices for inputs (users reference roles by name). */
export function useRoleChoices() {
  const { data } = useGetList<Role>('roles', {
    pagination: { page: 1, perPage: 200 },
    sort: { field: 'name', order: 'ASC' },
  });
  return (data ?? []).map((role) => ({ id: role.name, name: role.name }));
}
