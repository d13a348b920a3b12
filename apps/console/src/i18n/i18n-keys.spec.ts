import { describe, expect, it } from 'vitest';
import englishMessages from 'ra-language-english';
import { en } from './en';
import { es } from './es';
import { raSpanish } from './ra-spanish';

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keys(child, prefix ? `${prefix}.${key}` : key));
}

const variables = (text: string) => [...text.matchAll(/%\{(\w+)\}/g)].map((m) => m[1]).sort();

function leaves(value: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  if (typeof value === 'string') out.set(prefix, value);
  else if (typeof value === 'object' && value !== null)
    for (const [key, child] of Object.entries(value))
      for (const [k, v] of leaves(child, prefix ? `${prefix}.${key}` : key)) out.set(k, v);
  return out;
}

describe('console translations', () => {
  it('has every react-admin key in Spanish, and no key English lacks', () => {
    expect(keys(raSpanish).sort()).toEqual(keys(englishMessages).sort());
  });

  it('has every console key in both languages', () => {
    expect(keys(es).sort()).toEqual(keys(en).sort());
  });

  it('uses the same placeholders and plural forms in both languages', () => {
    const english = leaves({ ...englishMessages, ...en });
    const spanish = leaves({ ...raSpanish, ...es });
    for (const [key, text] of english) {
      const other = spanish.get(key) ?? '';
      expect([key, variables(other)]).toEqual([key, variables(text)]);
      expect([key, other.includes('||||')]).toEqual([key, text.includes('||||')]);
    }
  });
});
