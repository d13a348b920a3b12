import { lazy } from 'react';
import FlagIcon from '@mui/icons-material/Flag';

const ReportList = lazy(() => import('./ReportList').then((m) => ({ default: m.ReportList })));

export default { list: ReportList, icon: FlagIcon };
