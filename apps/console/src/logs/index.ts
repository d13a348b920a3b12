import { lazy } from 'react';
import ArticleIcon from '@mui/icons-material/Article';

const LogList = lazy(() => import('./LogList').then((m) => ({ default: m.LogList })));

export default { list: LogList, icon: ArticleIcon };
