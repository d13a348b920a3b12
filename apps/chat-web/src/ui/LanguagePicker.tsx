import { LANGUAGE_NAMES, type Language } from '../i18n';
import { setLanguage } from '../store/session';
import { useChat } from '../store/store';
import { useT } from './useT';

export function LanguagePicker() {
  const t = useT();
  const language = useChat((s) => s.language);
  return (
    <label className="language-picker">
      <span className="visually-hidden">{t('settings.language')}</span>
      <select value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
        {(Object.keys(LANGUAGE_NAMES) as Language[]).map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </label>
  );
}
