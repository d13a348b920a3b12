import { lazy } from 'react';
import GavelIcon from '@mui/icons-material/Gavel';

const ActivityList = lazy(() => import('./ActivityList').then((m) => ({ default: m.ActivityList })));

export default { list: ActivityList, icon: GavelIcon };
