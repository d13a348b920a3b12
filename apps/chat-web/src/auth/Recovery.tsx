import { NewPasswordField } from './NewPasswordField';
import { useState, type FormEvent } from 'react';
import type { SecurityQuestion } from '@atrio/protocol';
import { api } from '../api';
import { store } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

type Step =
  | { name: 'start' }
  | { name: 'answers'; questions: SecurityQuestion[] }
  | { name: 'code' }
  | { name: 'done' };

/** Forgotten password: security questions, or a one-time code from IT; 2FA still applies. */
export function Recovery() {
  const t = useT();
  const [username, setUsername] = useState(() => localStorage.getItem('atrio.lastUsername') ?? '');
  const [step, setStep] = useState<Step>({ name: 'start' });
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [code, setCode] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  async function run(work: () => Promise<void>) {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(describeError(store.get().language, error));
    }
  }
  function submit(event: FormEvent) {
    event.preventDefault();
    const extra = totp ? { totp } : {};
    if (step.name === 'answers')
      void run(async () => {
        await api.recoveryByAnswers({ username, answers, newPassword, ...extra });
        setStep({ name: 'done' });
      });
    else if (step.name === 'code')
      void run(async () => {
        await api.recoveryByCode({ username, code, newPassword, ...extra });
        setStep({ name: 'done' });
      });
  }
  const back = (
    <button type="button" className="link" onClick={() => store.set({ screen: { name: 'signin' } })}>
      {t('recovery.back')}
    </button>
  );
  return (
    <main className="auth-page">
      <form className="auth-card" onSubmit={submit} aria-labelledby="recovery-title">
        <h1 id="recovery-title">{t('recovery.title')}</h1>
        {step.name === 'done' ? (
          <p className="notice" role="status">
            {t('recovery.done')}
          </p>
        ) : (
          <label>
            {t('signin.username')}
            <input
              autoComplete="username"
              required
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
        )}
        {step.name === 'start' && (
          <div className="stack">
            <button
              type="button"
              onClick={() =>
                void run(async () => setStep({ name: 'answers', ...(await api.recoveryStart(username)) }))
              }
              disabled={!username.trim()}
            >
              {t('recovery.byAnswers')}
            </button>
            <button type="button" onClick={() => setStep({ name: 'code' })} disabled={!username.trim()}>
              {t('recovery.byCode')}
            </button>
          </div>
        )}
        {step.name === 'answers' &&
          step.questions.map((question) => (
            <label key={question}>
              {t(`question.${question}`)}
              <input
                required
                value={answers[question] ?? ''}
                onChange={(e) => setAnswers({ ...answers, [question]: e.target.value })}
              />
            </label>
          ))}
        {step.name === 'code' && (
          <label>
            {t('recovery.code')}
            <input required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
          </label>
        )}
        {(step.name === 'answers' || step.name === 'code') && (
          <>
            <NewPasswordField value={newPassword} onChange={setNewPassword} />
            <label>
              {t('signin.totp')}
              <input
                inputMode="numeric"
                autoComplete="one-time-code"
                value={totp}
                onChange={(e) => setTotp(e.target.value)}
                aria-describedby="recovery-totp-hint"
              />
            </label>
            <span id="recovery-totp-hint" className="hint">
              {t('signin.totpHint')}
            </span>
            <button type="submit" className="primary">
              {t('recovery.submit')}
            </button>
          </>
        )}
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        {back}
      </form>
    </main>
  );
}
