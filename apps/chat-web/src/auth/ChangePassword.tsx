import { NewPasswordField } from './NewPasswordField';
import { store } from '../store/store';
import { useState, type FormEvent } from 'react';
import { changePassword, logout, restrictionLifted } from '../store/session';
import { describeError } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

/** Forced at first login with a temporary password; also reachable from the settings. */
export function ChangePassword({ forced, onDone }: { forced: boolean; onDone?: () => void }) {
  const t = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (next !== repeat) {
      setProblem(t('password.mismatch'));
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await changePassword(current, next);
      setDone(true);
      setCurrent('');
      setNext('');
      setRepeat('');
      if (forced) await restrictionLifted();
      onDone?.();
    } catch (error) {
      setProblem(describeError(store.get().language, error));
    } finally {
      setBusy(false);
    }
  }

  const form = (
    <form
      className={forced ? 'auth-card' : 'stack'}
      onSubmit={(e) => void submit(e)}
      aria-labelledby="password-title"
    >
      {forced ? (
        <h1 id="password-title">{t('password.title')}</h1>
      ) : (
        <h3 id="password-title">{t('settings.changePassword')}</h3>
      )}
      {forced && <p>{t('password.intro')}</p>}
      <label>
        {t('password.current')}
        <input
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </label>
      <NewPasswordField value={next} onChange={setNext} />
      <label>
        {t('password.repeat')}
        <input
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {done && !forced && (
        <p className="notice" role="status">
          {t('password.done')}
        </p>
      )}
      <button type="submit" className="primary" disabled={busy}>
        {t('password.submit')}
      </button>
      {forced && (
        <button type="button" className="link" onClick={() => void logout()}>
          {t('menu.logout')}
        </button>
      )}
    </form>
  );
  return forced ? <main className="auth-page">{form}</main> : form;
}
