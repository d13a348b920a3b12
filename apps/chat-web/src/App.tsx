import { useEffect, useState } from 'react';
import { ChangePassword } from './auth/ChangePassword';
import { Recovery } from './auth/Recovery';
import { SignIn } from './auth/SignIn';
import { Conversation } from './conversation/Conversation';
import { QuickSwitcher } from './rooms/QuickSwitcher';
import { Sidebar } from './rooms/Sidebar';
import { TwoFactorEnrol } from './settings/TwoFactorEnrol';
import { moveRoom } from './store/room-actions';
import { logout, restrictionLifted } from './store/session';
import { useChat } from './store/store';
import { useT } from './ui/useT';

export function App() {
  const t = useT();
  const screen = useChat((s) => s.screen);
  switch (screen.name) {
    case 'loading':
      return (
        <main className="auth-page" aria-busy="true">
          <p className="muted">{t('connection.connecting')}</p>
        </main>
      );
    case 'signin':
      return <SignIn />;
    case 'recovery':
      return <Recovery />;
    case 'changePassword':
      return <ChangePassword forced />;
    case 'enrolTwoFactor':
      return (
        <main className="auth-page">
          <div className="auth-card">
            <h1>{t('settings.twoFactor')}</h1>
            <p>{t('settings.twoFactorRequired')}</p>
            <TwoFactorEnrol onDone={() => void restrictionLifted()} />
            <button type="button" className="link" onClick={() => void logout()}>
              {t('menu.logout')}
            </button>
          </div>
        </main>
      );
    case 'chat':
      return <ChatScreen />;
  }
}

function ChatScreen() {
  const t = useT();
  const rooms = useChat((s) => s.rooms);
  const activeRoomId = useChat((s) => s.activeRoomId);
  const room = rooms.find((r) => r.id === activeRoomId);
  const [switcher, setSwitcher] = useState(false);
  // On a phone the sidebar and the conversation take turns.
  const [showList, setShowList] = useState(false);

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'k') {
        event.preventDefault();
        setSwitcher(true);
      } else if (event.altKey && (event.key === 'ArrowUp' || event.key === 'ArrowDown')) {
        event.preventDefault();
        moveRoom(event.key === 'ArrowUp' ? -1 : 1);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const unread = rooms.filter((r) => r.joined).reduce((sum, r) => sum + r.unread, 0);
  useEffect(() => {
    document.title = unread > 0 ? `(${unread}) ${t('app.name')}` : t('app.name');
  }, [unread, t]);

  return (
    <div className={`chat-layout${showList || !room ? ' show-list' : ''}`}>
      <Sidebar onOpened={() => setShowList(false)} />
      <main className="main-pane">
        {room ? (
          <Conversation key={room.id} room={room} onBack={() => setShowList(true)} />
        ) : (
          <p className="empty-pane muted">{t('room.pick')}</p>
        )}
      </main>
      {switcher && <QuickSwitcher onClose={() => setSwitcher(false)} onOpened={() => setShowList(false)} />}
    </div>
  );
}
