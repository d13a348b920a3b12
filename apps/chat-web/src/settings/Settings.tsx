import { useState, type FormEvent } from 'react';
import { DISPLAY_NAME_MAX_LENGTH } from '@atrio/protocol/constants.js';
import { ChangePassword } from '../auth/ChangePassword';
import { api } from '../api';
import { askNotificationPermission } from '../store/notifications';
import { store, useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { describeError } from '../ui/ErrorLine';
import { LanguagePicker } from '../ui/LanguagePicker';
import { useT } from '../ui/useT';
import { SecurityQuestions } from './SecurityQuestions';
import { TwoFactorEnrol } from './TwoFactorEnrol';

export function Settings({ onClose, onLogoutAll }: { onClose: () => void; onLogoutAll: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const [displayName, setDisplayName] = useState(me.displayName);
  const [nameStatus, setNameStatus] = useState<string | null>(null);
  const [enrolling, setEnrolling] = useState(false);
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'denied' : Notification.permission,
  );
  async function saveName(event: FormEvent) {
    event.preventDefault();
    try {
      store.set({ me: await api.updateMe({ displayName }) });
      setNameStatus(t('settings.saved'));
    } catch (error) {
      setNameStatus(describeError(store.get().language, error));
    }
  }
  return (
    <Dialog title={t('settings.title')} onClose={onClose} wide>
      <section className="settings-section">
        <h3>{t('settings.language')}</h3>
        <LanguagePicker />
      </section>
      <section className="settings-section">
        <h3>{t('settings.profile')}</h3>
        <form className="row" onSubmit={(e) => void saveName(e)}>
          <label>
            {t('settings.displayName')}
            <input
              required
              maxLength={DISPLAY_NAME_MAX_LENGTH}
              value={displayName}
              onChange={(e) => setDisplayName(e.target.value)}
            />
          </label>
          <button type="submit">{t('dialog.save')}</button>
        </form>
        {nameStatus && (
          <p className="small" role="status">
            {nameStatus}
          </p>
        )}
      </section>
      <section className="settings-section">
        <h3>{t('settings.notifications')}</h3>
        <p className="muted small">{t('settings.notificationsHint')}</p>
        {permission === 'granted' ? (
          <p className="small">{t('settings.notificationsOn')}</p>
        ) : permission === 'denied' ? (
          <p className="small">{t('settings.notificationsDenied')}</p>
        ) : (
          <button type="button" onClick={() => void askNotificationPermission().then(setPermission)}>
            {t('settings.enableNotifications')}
          </button>
        )}
      </section>
      <section className="settings-section">
        <h3>{t('settings.twoFactor')}</h3>
        {enrolling ? (
          <TwoFactorEnrol
            onDone={() => {
              setEnrolling(false);
              void api.me().then((user) => store.set({ me: user }));
            }}
          />
        ) : (
          <div className="row">
            <span>{me.twoFactorEnabled ? t('settings.twoFactorOn') : t('settings.twoFactorOff')}</span>
            {!me.twoFactorEnabled && (
              <button type="button" onClick={() => setEnrolling(true)}>
                {t('settings.twoFactorStart')}
              </button>
            )}
          </div>
        )}
      </section>
      <section className="settings-section">
        <h3>{t('settings.questions')}</h3>
        <SecurityQuestions />
      </section>
      <section className="settings-section">
        <ChangePassword forced={false} />
      </section>
      <section className="settings-section">
        <button type="button" className="danger" onClick={onLogoutAll}>
          {t('menu.logoutAll')}
        </button>
      </section>
    </Dialog>
  );
}
