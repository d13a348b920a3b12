import { describe, expect, it } from 'vitest';
import { AppError } from '../common/app-error.js';
import { fts5Expression, parseSearchTerms, tsqueryPrefixPhrase } from './search-terms.js';

describe('parseSearchTerms', () => {
  it('splits on whitespace and drops pieces without a letter or digit', () => {
    expect(parseSearchTerms('  hola  --  mundo ( ) ')).toEqual({ terms: ['hola', 'mundo'], prefix: false });
  });

  it('reads a * right after the last word as a prefix', () => {
    expect(parseSearchTerms('plan reun*')).toEqual({ terms: ['plan', 'reun'], prefix: true });
    expect(parseSearchTerms('reun* plan')).toEqual({ terms: ['reun*', 'plan'], prefix: false });
    expect(parseSearchTerms('plan *')).toEqual({ terms: ['plan'], prefix: false });
  });

  it('composes accents the way they are usually stored', () => {
    expect(parseSearchTerms('camio\u0301n').terms).toEqual(['camión']);
  });

  it.each(['', '   ', '*', '"()"', "'; --", '🙂'])('refuses %j: nothing to search for', (query) => {
    expect(() => parseSearchTerms(query)).toThrow(AppError);
  });
});

describe('fts5Expression', () => {
  it('quotes every term, doubles quotes and ANDs them', () => {
    expect(fts5Expression({ terms: ['a"b', 'NEAR(x', 'y)'], prefix: false })).toBe(
      '"a""b" AND "NEAR(x" AND "y)"',
    );
  });

  it('puts the prefix star outside the last quoted term', () => {
    expect(fts5Expression({ terms: ['plan', 'reun'], prefix: true })).toBe('"plan" AND "reun"*');
  });
});

describe('tsqueryPrefixPhrase', () => {
  it('keeps only letters, marks and digits, so no tsquery operator survives', () => {
    expect(tsqueryPrefixPhrase("o'neil:*|!&")).toBe(`'o' <-> 'neil':*`);
    expect(tsqueryPrefixPhrase('camión')).toBe(`'camión':*`);
  });
});
