import type { ReactNode } from 'react';
import {
  AppBar,
  Layout,
  LoadingIndicator,
  Loading,
  Logout,
  UserMenu,
  useGetIdentity,
  usePermissions,
} from 'react-admin';
import { canUseConsole } from '../access';
import { ConsoleMenu } from './ConsoleMenu';
import { LanguageMenu } from './LanguageMenu';
import { Refused } from './Refused';

/** The menu button is named after the user it shows, so its label matches what is read aloud. */
function ConsoleUserMenu() {
  const { identity } = useGetIdentity();
  return (
    <UserMenu label={identity?.fullName ?? 'ra.auth.user_menu'}>
      <Logout />
    </UserMenu>
  );
}

function ConsoleAppBar() {
  // Always shown: an admin working down a long page keeps the menu, language and refresh at hand.
  return (
    <AppBar
      userMenu={<ConsoleUserMenu />}
      alwaysOn
      toolbar={
        <>
          <LanguageMenu />
          <LoadingIndicator />
        </>
      }
    />
  );
}

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { permissions, isPending } = usePermissions<string[]>();
  if (isPending) return <Loading />;
  if (!canUseConsole(permissions)) return <Refused />;
  return (
    // minWidth 0 lets the content column shrink to the screen, so wide tables scroll inside their card.
    <Layout
      menu={ConsoleMenu}
      appBar={ConsoleAppBar}
      sx={{
        '& .RaLayout-content': { minWidth: 0, maxWidth: '100vw' },
        '& .RaList-main': { minWidth: 0 },
        '& .RaList-content': { overflowX: 'auto' },
        // Phones only: on wider screens the bulk-actions bar overlays the list's toolbar, which
        // a scrolling grid would hide (phones get no bulk actions).
        '@media (max-width: 599.95px)': { '& .RaDatagrid-root': { overflowX: 'auto', maxWidth: '100%' } },
      }}
    >
      {children}
    </Layout>
  );
}
