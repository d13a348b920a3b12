import { lazy } from 'react';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';

const AuditList = lazy(() => import('./AuditList').then((m) => ({ default: m.AuditList })));

export default { list: AuditList, icon: HistoryEduIcon };
