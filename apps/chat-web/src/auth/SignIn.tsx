import { useState, type FormEvent } from 'react';
import { ApiError } from '../api';
import { formatDuration } from '../i18n';
import { signIn } from '../store/session';
import { store, useChat } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { LanguagePicker } from '../ui/LanguagePicker';
import { useT } from '../ui/useT';

export function SignIn() {
  const t = useT();
  const screen = useChat((s) => s.screen);
  const reason = screen.name === 'signin' ? screen.reason : undefined;
  const [username, setUsername] = useState(() => localStorage.getItem('atrio.lastUsername') ?? '');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [askTotp, setAskTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      localStorage.setItem('atrio.lastUsername', username.trim());
      await signIn(username, password, askTotp ? totp : undefined);
    } catch (error) {
      setBusy(false);
      if (error instanceof ApiError && error.code === 'TOTP_REQUIRED') {
        setAskTotp(true);
        setProblem(askTotp ? describeError(store.get().language, error) : null);
        return;
      }
      setPassword('');
      setTotp('');
      setProblem(explain(error));
    }
  }

  function explain(error: unknown): string {
    if (error instanceof ApiError && error.code === 'ACCOUNT_LOCKED')
      return t('signin.locked', { time: formatDuration(t, error.retryAfterSeconds ?? 60) });
    // The server does not say which was wrong (on purpose); with a code asked, either may be.
    if (error instanceof ApiError && error.code === 'INVALID_CREDENTIALS' && askTotp)
      return t('signin.wrongCode');
    if (error instanceof ApiError && error.code === 'RATE_LIMITED')
      return t('signin.throttled', { time: formatDuration(t, error.retryAfterSeconds ?? 60) });
    return describeError(store.get().language, error);
  }

  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={(e) => void submit(e)} aria-labelledby="signin-title">
        <div className="brand">
          <span className="brand-mark" aria-hidden="true">
            A
          </span>
          <div>
            <p className="brand-name">{t('app.name')}</p>
            <p className="brand-tagline">{t('app.tagline')}</p>
          </div>
        </div>
        <h1 id="signin-title">{t('signin.title')}</h1>
        {reason && !problem && (
          <p className={reason === 'expired' ? 'notice warning' : 'notice'} role="status">
            {t(reason === 'expired' ? 'signin.expired' : 'signin.loggedOut')}
          </p>
        )}
        <label>
          {t('signin.username')}
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            autoFocus={!username}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </label>
        <label>
          {t('signin.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus={!!username && !askTotp}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        {askTotp && (
          <label>
            {t('signin.totp')}
            <input
              name="totp"
              inputMode="numeric"
              autoComplete="one-time-code"
              required
              autoFocus
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
              aria-describedby="totp-hint"
            />
          </label>
        )}
        {askTotp && (
          <span id="totp-hint" className="hint">
            {t('signin.totpHint')}
          </span>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('signin.busy') : t('signin.submit')}
        </button>
        <div className="auth-footer">
          <button type="button" className="link" onClick={() => store.set({ screen: { name: 'recovery' } })}>
            {t('signin.forgot')}
          </button>
          <LanguagePicker />
        </div>
      </form>
    </main>
  );
}
