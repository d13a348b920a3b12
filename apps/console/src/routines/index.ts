import { lazy } from 'react';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';

const RoutinesPage = lazy(() => import('./RoutinesPage').then((m) => ({ default: m.RoutinesPage })));

export default { list: RoutinesPage, icon: AssignmentTurnedInIcon };
