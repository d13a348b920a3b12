import { lazy } from 'react';
import StorageIcon from '@mui/icons-material/Storage';

const BackupList = lazy(() => import('./BackupList').then((m) => ({ default: m.BackupList })));

export default { list: BackupList, icon: StorageIcon };
