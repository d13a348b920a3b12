import { lazy } from 'react';
import ForumIcon from '@mui/icons-material/Forum';

const RoomList = lazy(() => import('./RoomList').then((m) => ({ default: m.RoomList })));

export default { list: RoomList, icon: ForumIcon, recordRepresentation: 'name' };
