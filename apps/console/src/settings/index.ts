import { lazy } from 'react';
import SettingsIcon from '@mui/icons-material/Settings';

const SettingList = lazy(() => import('./SettingList').then((m) => ({ default: m.SettingList })));
const SettingEdit = lazy(() => import('./SettingEdit').then((m) => ({ default: m.SettingEdit })));

export default { list: SettingList, edit: SettingEdit, icon: SettingsIcon, recordRepresentation: 'key' };
