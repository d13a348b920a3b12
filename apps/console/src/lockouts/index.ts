import { lazy } from 'react';
import LockClockIcon from '@mui/icons-material/LockClock';

const LockoutList = lazy(() => import('./LockoutList').then((m) => ({ default: m.LockoutList })));

export default { list: LockoutList, icon: LockClockIcon };
