import { useState } from 'react';
import LockOpenIcon from '@mui/icons-material/LockOpen';
import KeyIcon from '@mui/icons-material/Key';
import LogoutIcon from '@mui/icons-material/Logout';
import PhonelinkEraseIcon from '@mui/icons-material/PhonelinkErase';
import PasswordIcon from '@mui/icons-material/Password';
import { Button, Confirm, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { AdminUser, ResetCode } from '@atrio/protocol';
import { can } from '../access';
import { ShowOnceDialog } from '../common/ShowOnceDialog';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

type Kind = 'unlock' | 'password' | 'sessions' | 'twoFactor' | 'resetCode';

/** The account-trouble actions of a user's page: each asks first, then says what it did. */
export function UserSecurityActions() {
  const user = useRecordContext<AdminUser>();
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const { pending, run } = useAction();
  const [asking, setAsking] = useState<Kind | null>(null);
  const [secret, setSecret] = useState<{ title: string; value: string } | null>(null);
  if (!user) return null;
  const manage = can(permissions, 'users.manage');

  const actions: Record<Kind, () => Promise<unknown>> = {
    unlock: () =>
      run(() => api(`/admin/users/${user.id}/unlock`, { method: 'POST' }), 'atrio.users.unlocked'),
    password: async () => {
      const result = await run(
        () =>
          api<{ temporaryPassword: string }>(`/admin/users/${user.id}/reset-password`, { method: 'POST' }),
        'atrio.users.password_reset',
      );
      if (result)
        setSecret({ title: translate('atrio.users.temporary_password'), value: result.temporaryPassword });
    },
    sessions: () =>
      run(
        () => api(`/admin/users/${user.id}/revoke-sessions`, { method: 'POST' }),
        'atrio.users.sessions_revoked',
      ),
    twoFactor: () =>
      run(() => api(`/admin/users/${user.id}/reset-2fa`, { method: 'POST' }), 'atrio.users.two_factor_reset'),
    resetCode: async () => {
      const result = await run(
        () => api<ResetCode>(`/admin/users/${user.id}/reset-code`, { method: 'POST' }),
        'atrio.users.reset_code_issued',
      );
      if (result) setSecret({ title: translate('atrio.users.reset_code'), value: result.code });
    },
  };

  const button = (kind: Kind, icon: React.ReactElement, show: boolean) =>
    show && (
      <Button
        key={kind}
        label={`atrio.users.action.${kind}`}
        onClick={() => setAsking(kind)}
        disabled={pending}
      >
        {icon}
      </Button>
    );

  return (
    <>
      {button('unlock', <LockOpenIcon />, user.status === 'locked' && can(permissions, 'users.unlock'))}
      {button('password', <PasswordIcon />, manage)}
      {button('resetCode', <KeyIcon />, manage)}
      {button('sessions', <LogoutIcon />, manage)}
      {button('twoFactor', <PhonelinkEraseIcon />, manage && user.twoFactorEnabled)}
      <Confirm
        isOpen={asking !== null}
        loading={pending}
        title={asking ? `atrio.users.action.${asking}` : ''}
        content={asking ? `atrio.users.confirm.${asking}` : ''}
        translateOptions={{ name: user.username }}
        onConfirm={() => {
          const kind = asking!;
          setAsking(null);
          void actions[kind]();
        }}
        onClose={() => setAsking(null)}
      />
      <ShowOnceDialog
        title={secret?.title ?? ''}
        value={secret?.value ?? null}
        onClose={() => setSecret(null)}
      />
    </>
  );
}
