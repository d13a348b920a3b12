import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import { en } from './en';
import { es } from './es';
import { raSpanish } from './ra-spanish';

export type Locale = 'es' | 'en';

export const messages = {
  en: { ...englishMessages, ...en },
  es: { ...raSpanish, ...es },
};

/** English only when the browser asks for it first; Spanish is the product's first language. */
export function browserLocale(): Locale {
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'es';
}

export const i18nProvider = polyglotI18nProvider(
  (locale) => messages[locale as Locale] ?? messages.es,
  browserLocale(),
  [
    { locale: 'es', name: 'Español' },
    { locale: 'en', name: 'English' },
  ],
);

/** An error code of the contract in the console's language; codes without a text keep the server's sentence. */
export function errorText(code: string, serverMessage: string, details?: unknown): string {
  const key = `atrio.errors.${code}`;
  const text = i18nProvider.translate(key, { _: serverMessage });
  const fields = (details as { fields?: Array<{ path: string; message: string }> } | undefined)?.fields;
  if (code === 'VALIDATION_FAILED' && fields?.length)
    return `${text}: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`;
  if (code === 'CONFLICT' || code === 'NOT_FOUND' || code === 'FORBIDDEN') return `${text} ${serverMessage}`;
  return text;
}
