import polyglotI18nProvider from 'ra-i18n-polyglot';
import englishMessages from 'ra-language-english';
import type { I18nProvider } from 'react-admin';
import { getLanguage, isLanguage, setLanguage } from '@atrio/web-common';
import { en } from './en';
import { es } from './es';
import { raSpanish } from './ra-spanish';

export const messages = {
  en: { ...englishMessages, ...en },
  es: { ...raSpanish, ...es },
};

const polyglot = polyglotI18nProvider(
  (locale) => (isLanguage(locale) ? messages[locale] : messages.es),
  getLanguage(),
  [
    { locale: 'es', name: 'Español' },
    { locale: 'en', name: 'English' },
  ],
);

/**
 * react-admin's polyglot provider, starting from web-common's language choice (the person's own
 * choice, else the browser's) and remembering a switch there, so the chat and the console agree.
 */
export const i18nProvider: I18nProvider = {
  ...polyglot,
  changeLocale: (locale, options) => {
    if (isLanguage(locale)) setLanguage(locale);
    return polyglot.changeLocale(locale, options);
  },
};
