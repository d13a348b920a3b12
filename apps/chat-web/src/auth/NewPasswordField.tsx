import { useId } from 'react';
import { useT } from '../ui/useT';

/** A new password with the policy's rules beside it (change at first login, recovery). */
export function NewPasswordField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const t = useT();
  const rules = useId();
  return (
    <>
      <label>
        {t('password.new')}
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          aria-describedby={rules}
        />
      </label>
      <span id={rules} className="hint">
        {t('password.rules')}
      </span>
    </>
  );
}
