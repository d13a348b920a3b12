import type { ErrorCode } from '@atrio/protocol';
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

/** Set only when the person picks a language (not when the browser's is used). */
export const CHOSEN_LANGUAGE = 'atrio.language';

export function browserLanguage(): Language {
  const stored = localStorage.getItem(CHOSEN_LANGUAGE);
  if (stored === 'es' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
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

/** The message for an error code from the server (or NETWORK when it could not be reached). */
export function errorText(
  t: Translate,
  code: ErrorCode | 'NETWORK',
  detail: { retryAfterSeconds?: number; message?: string } = {},
): string {
  return t(`error.${code}`, {
    time: formatDuration(t, detail.retryAfterSeconds ?? 1),
    detail: detail.message ?? '',
  });
}
