import { LANGUAGE_NAMES, type Language } from '../i18n';
import { setLanguage } from '../store/session';
import { useChat } from '../store/store';
import { useT } from './useT';

export function LanguagePicker() {
  const t = useT();
  const language = useChat((s) => s.language);
  return (
    <select
      className="language-picker"
      aria-label={t('settings.language')}
      value={language}
      onChange={(e) => setLanguage(e.target.value as Language)}
    >
      {(Object.keys(LANGUAGE_NAMES) as Language[]).map((code) => (
        <option key={code} value={code} lang={code}>
          {LANGUAGE_NAMES[code]}
        </option>
      ))}
    </select>
  );
}
