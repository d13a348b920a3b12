import { describe, expect, it } from 'vitest';
import { en } from './en';
import { es } from './es';

describe('chat client dictionaries', () => {
  it('have the same keys in Spanish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
  });

  it('use the same {placeholders} in both languages', () => {
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(es) as (keyof typeof es)[]) {
      expect(names(en[key]), key).toEqual(names(es[key]));
    }
  });
});
