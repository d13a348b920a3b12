import { getLanguage, storedLanguage } from '@atrio/web-common';
import { en } from './en';
import { es, type MessageKey } from './es';

export type Language = 'es' | 'en';
export type { MessageKey };
export const LANGUAGES: Record<Language, Record<MessageKey, string>> = { es, en };
export const LANGUAGE_NAMES: Record<Language, string> = { es: 'Español', en: 'English' };

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(language: Language): Translate {
  const dictionary = LANGUAGES[language];
  return (key, params) =>
    dictionary[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
      params && name in params ? String(params[name]) : whole,
    );
}

/** The person's choice in this browser, else the browser's language (web-common keeps both rules). */
export function browserLanguage(): Language {
  return getLanguage();
}

/** Only a language the person picked here (never the browser's default). */
export function chosenLanguage(): Language | null {
  return storedLanguage();
}

/** "2 min", "1 h 5 min": how long until a lock or a throttle ends. */
export function formatDuration(t: Translate, seconds: number): string {
  if (seconds < 60) return t('time.seconds', { n: Math.max(1, Math.ceil(seconds)) });
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 60) return t('time.minutes', { n: minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest
    ? `${t('time.hours', { n: hours })} ${t('time.minutes', { n: rest })}`
    : t('time.hours', { n: hours });
}
