import type { ReactElement } from 'react';
import ArticleIcon from '@mui/icons-material/Article';
import AssignmentTurnedInIcon from '@mui/icons-material/AssignmentTurnedIn';
import BuildIcon from '@mui/icons-material/Build';
import FlagIcon from '@mui/icons-material/Flag';
import ForumIcon from '@mui/icons-material/Forum';
import GavelIcon from '@mui/icons-material/Gavel';
import KeyIcon from '@mui/icons-material/Key';
import HistoryEduIcon from '@mui/icons-material/HistoryEdu';
import LockClockIcon from '@mui/icons-material/LockClock';
import PeopleIcon from '@mui/icons-material/People';
import SecurityIcon from '@mui/icons-material/Security';
import SettingsIcon from '@mui/icons-material/Settings';
import StorageIcon from '@mui/icons-material/Storage';
import VerifiedUserIcon from '@mui/icons-material/VerifiedUser';
import type { Permission } from '@atrio/protocol';
import { Menu, usePermissions, useTranslate } from 'react-admin';
import { can } from '../access';

interface Entry {
  to: string;
  label: string;
  icon: ReactElement;
  permission: Permission;
}

/** In the order of the admin's day: routines first, then accounts, then the rest. */
const ENTRIES: Entry[] = [
  {
    to: '/routines/runs',
    label: 'atrio.menu.routines',
    icon: <AssignmentTurnedInIcon />,
    permission: 'monitoring.read',
  },
  { to: '/users', label: 'atrio.menu.users', icon: <PeopleIcon />, permission: 'users.read' },
  { to: '/lockouts', label: 'atrio.menu.lockouts', icon: <LockClockIcon />, permission: 'users.unlock' },
  { to: '/roles', label: 'atrio.menu.roles', icon: <SecurityIcon />, permission: 'users.read' },
  { to: '/rooms', label: 'atrio.menu.rooms', icon: <ForumIcon />, permission: 'rooms.manage_any' },
  { to: '/reports', label: 'atrio.menu.reports', icon: <FlagIcon />, permission: 'moderation.moderate' },
  {
    to: '/moderation/activity',
    label: 'atrio.menu.activity',
    icon: <GavelIcon />,
    permission: 'moderation.moderate',
  },
  { to: '/audit', label: 'atrio.menu.audit', icon: <HistoryEduIcon />, permission: 'audit.read' },
  { to: '/logs', label: 'atrio.menu.logs', icon: <ArticleIcon />, permission: 'monitoring.read' },
  { to: '/diagnostics', label: 'atrio.menu.diagnostics', icon: <BuildIcon />, permission: 'monitoring.read' },
  { to: '/backups', label: 'atrio.menu.backups', icon: <StorageIcon />, permission: 'backups.manage' },
  {
    to: '/certificates',
    label: 'atrio.menu.certificates',
    icon: <VerifiedUserIcon />,
    permission: 'certificates.manage',
  },
  { to: '/encryption', label: 'atrio.menu.encryption', icon: <KeyIcon />, permission: 'settings.manage' },
  { to: '/settings', label: 'atrio.menu.settings', icon: <SettingsIcon />, permission: 'settings.manage' },
];

/** Only the screens the signed-in user may use; the server refuses the rest anyway. */
export function ConsoleMenu() {
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  return (
    <Menu>
      <Menu.DashboardItem />
      {ENTRIES.filter((entry) => can(permissions, entry.permission)).map((entry) => (
        <Menu.Item key={entry.to} to={entry.to} primaryText={translate(entry.label)} leftIcon={entry.icon} />
      ))}
    </Menu>
  );
}
