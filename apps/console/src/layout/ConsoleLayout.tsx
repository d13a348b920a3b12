import type { ReactNode } from 'react';
import { Layout, Loading, usePermissions } from 'react-admin';
import { canUseConsole } from '../access';
import { ConsoleMenu } from './ConsoleMenu';
import { Refused } from './Refused';

export function ConsoleLayout({ children }: { children: ReactNode }) {
  const { permissions, isPending } = usePermissions<string[]>();
  if (isPending) return <Loading />;
  if (!canUseConsole(permissions)) return <Refused />;
  return <Layout menu={ConsoleMenu}>{children}</Layout>;
}
