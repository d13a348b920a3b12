import { lazy } from 'react';
import SecurityIcon from '@mui/icons-material/Security';

const RoleMatrix = lazy(() => import('./RoleMatrix').then((m) => ({ default: m.RoleMatrix })));

export default { list: RoleMatrix, icon: SecurityIcon, recordRepresentation: 'name' };
