import { useState } from 'react';
import { logout } from '../store/session';
import { useChat } from '../store/store';
import { SearchDialog } from '../search/SearchDialog';
import { Settings } from '../settings/Settings';
import { Icon } from '../ui/Icon';
import { useT } from '../ui/useT';

export function UserMenu() {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const pending = useChat((s) => s.outbox.length);
  const [open, setOpen] = useState<'search' | 'settings' | null>(null);
  function signOut(everywhere: boolean) {
    if (pending > 0 && !window.confirm(t('menu.logoutPending', { n: pending }))) return;
    void logout(everywhere);
  }
  return (
    <header className="user-menu">
      <div className="me">
        <span className="avatar" aria-hidden="true">
          {me.displayName.slice(0, 1).toUpperCase()}
        </span>
        <div className="me-names">
          <strong>{me.displayName}</strong>
          <span className="muted small">@{me.username}</span>
        </div>
      </div>
      <div className="menu-buttons">
        <button
          type="button"
          className="icon-button"
          title={t('menu.search')}
          aria-label={t('menu.search')}
          onClick={() => setOpen('search')}
        >
          <Icon name="search" />
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('menu.settings')}
          aria-label={t('menu.settings')}
          onClick={() => setOpen('settings')}
        >
          <Icon name="settings" />
        </button>
        <button
          type="button"
          className="icon-button"
          title={t('menu.logout')}
          aria-label={t('menu.logout')}
          onClick={() => signOut(false)}
        >
          <Icon name="logout" />
        </button>
      </div>
      {open === 'search' && <SearchDialog onClose={() => setOpen(null)} />}
      {open === 'settings' && <Settings onClose={() => setOpen(null)} onLogoutAll={() => signOut(true)} />}
    </header>
  );
}
