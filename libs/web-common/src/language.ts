import type { Language } from '@atrio/protocol';

export type { Language };

export const LANGUAGES = ['es', 'en'] as const satisfies readonly Language[];

/** Where the person's explicit choice is kept; it wins over the browser's language. */
export const LANGUAGE_STORAGE_KEY = 'atrio.language';

interface BrowserParts {
  navigator?: { language?: string; languages?: readonly string[] };
  localStorage?: {
    getItem(key: string): string | null;
    setItem(key: string, value: string): void;
    removeItem(key: string): void;
  };
}

const browser = globalThis as BrowserParts;
const listeners = new Set<(language: Language) => void>();
/** This page's choice, for when storage refuses to keep it. */
let choice: Language | null = null;

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/**
 * The first of the browser's preferred languages we speak; Spanish when none is (the product's
 * first language). `'en-GB'` → `'en'`, `'es-419'` → `'es'`, `['fr', 'en']` → `'en'`.
 */
export function detectLanguage(
  preferred: readonly string[] | string | undefined = browserLanguages(),
): Language {
  for (const tag of typeof preferred === 'string' ? [preferred] : preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (isLanguage(base)) return base;
  }
  return 'es';
}

/** The person's choice (stored, or this page's when storage is unavailable), else the browser's language. */
export function getLanguage(): Language {
  return storedLanguage() ?? choice ?? detectLanguage();
}

/** The stored choice alone (null when the person never chose, or storage is unavailable). */
export function storedLanguage(): Language | null {
  try {
    const value = browser.localStorage?.getItem(LANGUAGE_STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage disabled (private mode, policy): the browser's language still works
  }
}

/** Stores the choice (null forgets it) and tells every subscriber. */
export function setLanguage(language: Language | null): void {
  choice = language;
  try {
    if (language === null) browser.localStorage?.removeItem(LANGUAGE_STORAGE_KEY);
    else browser.localStorage?.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not persisted; this page still switches.
  }
  const current = language ?? getLanguage();
  for (const listener of listeners) listener(current);
}

/** Called after every setLanguage; returns the unsubscribe (fits React's useSyncExternalStore). */
export function subscribeLanguage(listener: (language: Language) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function browserLanguages(): readonly string[] {
  const nav = browser.navigator;
  if (nav?.languages && nav.languages.length > 0) return nav.languages;
  return nav?.language ? [nav.language] : [];
}
