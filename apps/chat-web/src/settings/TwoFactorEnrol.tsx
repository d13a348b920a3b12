import { store } from '../store/store';
import { useEffect, useState, type FormEvent } from 'react';
import type { TwoFactorSetup } from '@atrio/protocol';
import { api } from '../api';
import { describeError } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

/** QR code and key, then a code to confirm, then the recovery codes shown once. */
export function TwoFactorEnrol({ onDone }: { onDone: () => void }) {
  const t = useT();
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    api
      .twoFactorSetup()
      .then(setSetup, (error: unknown) => setProblem(describeError(store.get().language, error)));
  }, [t]);
  async function confirm(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      setCodes((await api.twoFactorConfirm(code)).recoveryCodes);
    } catch (error) {
      setProblem(describeError(store.get().language, error));
    }
  }
  if (codes) {
    return (
      <div className="stack">
        <p>{t('settings.recoveryCodes')}</p>
        <ul className="recovery-codes">
          {codes.map((c) => (
            <li key={c}>
              <code>{c}</code>
            </li>
          ))}
        </ul>
        <button type="button" className="primary" onClick={onDone}>
          {t('settings.recoveryDone')}
        </button>
      </div>
    );
  }
  return (
    <form className="stack" onSubmit={(e) => void confirm(e)}>
      <p>{t('settings.twoFactorScan')}</p>
      {setup && (
        <div className="qr-row">
          <img src={setup.qrDataUrl} alt="QR" width={180} height={180} />
          <p className="small">
            {t('settings.twoFactorSecret')}: <code className="secret">{setup.secret}</code>
          </p>
        </div>
      )}
      <label>
        {t('signin.totp')}
        <input
          inputMode="numeric"
          autoComplete="one-time-code"
          required
          value={code}
          onChange={(e) => setCode(e.target.value)}
        />
      </label>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      <button type="submit" className="primary" disabled={!setup}>
        {t('settings.twoFactorConfirm')}
      </button>
    </form>
  );
}
