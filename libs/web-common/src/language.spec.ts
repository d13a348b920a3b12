import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  detectLanguage,
  getLanguage,
  LANGUAGE_STORAGE_KEY,
  setLanguage,
  storedLanguage,
  subscribeLanguage,
  type Language,
} from './language.js';

const scope = globalThis as { localStorage?: unknown; navigator?: unknown };
const original = {
  localStorage: scope.localStorage,
  navigator: Object.getOwnPropertyDescriptor(globalThis, 'navigator'),
};

/** Node has no localStorage; this one behaves like the browser's, including refusing writes. */
function browserStorage(refuse = false) {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => {
      if (refuse) throw new Error('QuotaExceededError');
      items.set(key, value);
    },
    removeItem: (key: string) => void items.delete(key),
  };
}

function browserLanguages(...languages: string[]) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { language: languages[0], languages },
    configurable: true,
  });
}

beforeEach(() => {
  scope.localStorage = browserStorage();
});
afterEach(() => {
  scope.localStorage = original.localStorage;
  if (original.navigator) Object.defineProperty(globalThis, 'navigator', original.navigator);
  else delete scope.navigator;
});

describe('language choice', () => {
  it('takes the first preferred language we speak, Spanish otherwise', () => {
    expect(detectLanguage('en-GB')).toBe('en');
    expect(detectLanguage('es-419')).toBe('es');
    expect(detectLanguage(['fr-FR', 'EN-us', 'es'])).toBe('en');
    expect(detectLanguage(['de', 'fr'])).toBe('es');
    expect(detectLanguage([])).toBe('es');
  });

  it('follows the browser until the person chooses, then keeps the choice', () => {
    browserLanguages('en-US', 'en');
    expect(getLanguage()).toBe('en');
    expect(storedLanguage()).toBeNull();
    setLanguage('es');
    expect(getLanguage()).toBe('es');
    expect((scope.localStorage as ReturnType<typeof browserStorage>).items.get(LANGUAGE_STORAGE_KEY)).toBe(
      'es',
    );
    setLanguage(null);
    expect(getLanguage()).toBe('en');
  });

  it('ignores a stored value that is not a language', () => {
    browserLanguages('en');
    (scope.localStorage as ReturnType<typeof browserStorage>).items.set(LANGUAGE_STORAGE_KEY, 'klingon');
    expect(getLanguage()).toBe('en');
  });

  it('tells subscribers, and still switches when storage refuses to write', () => {
    scope.localStorage = browserStorage(true);
    const seen: Language[] = [];
    const unsubscribe = subscribeLanguage((language) => seen.push(language));
    browserLanguages('es-ES');
    setLanguage('en');
    expect(getLanguage()).toBe('en');
    unsubscribe();
    setLanguage('es');
    expect(seen).toEqual(['en']);
  });
});
