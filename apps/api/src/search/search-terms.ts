import { AppError } from '../common/app-error.js';

/** The user's query reduced to words; it is only ever passed to the database as bound parameters. */
export interface SearchTerms {
  /** Whitespace-separated pieces holding at least one letter or digit, as typed (NFC). */
  terms: string[];
  /** The last term matches any word starting with it. */
  prefix: boolean;
}

const WORD_CHARACTER = /[\p{L}\p{N}]/u;
const TRAILING_PREFIX = /(?<=[\p{L}\p{M}\p{N}])\*+$/u;

export function parseSearchTerms(query: string): SearchTerms {
  const terms = query
    .normalize('NFC')
    .split(/\s+/u)
    .filter((piece) => WORD_CHARACTER.test(piece));
  if (terms.length === 0) {
    throw new AppError('VALIDATION_FAILED', 'Type at least one word to search for.', {
      fields: [{ path: 'q', message: 'must contain a letter or a digit' }],
    });
  }
  const last = terms.length - 1;
  const prefix = TRAILING_PREFIX.test(terms[last]!);
  if (prefix) terms[last] = terms[last]!.replace(TRAILING_PREFIX, '');
  return { terms, prefix };
}

/**
 * An FTS5 MATCH expression in which every term is a quoted string, so nothing the user types
 * (AND, NEAR, column filters, parentheses, `*`, `^`) can act as query syntax.
 */
export function fts5Expression({ terms, prefix }: SearchTerms): string {
  const quoted = terms.map((term) => `"${term.replaceAll('"', '""')}"`);
  if (prefix) quoted[quoted.length - 1] += '*';
  return quoted.join(' AND ');
}

/**
 * The words of a term (letters, digits and combining marks only) as a to_tsquery phrase whose last
 * word is a prefix. Those characters cannot form tsquery syntax, so quoting them is safe.
 */
export function tsqueryPrefixPhrase(term: string): string {
  const words = term.match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
  return words.map((word, i) => `'${word}'${i === words.length - 1 ? ':*' : ''}`).join(' <-> ');
}
