import { z } from 'zod';
import { messageSchema } from './messages.js';
import { hasControlCharacters } from './text.js';

export const SEARCH_QUERY_MAX_LENGTH = 200;
export const SEARCH_LIMIT_MAX = 100;

/** What surrounds each matched word in a snippet: plain text, never markup. */
export const SEARCH_HIGHLIGHT = { start: '«', end: '»', ellipsis: '…' } as const;

const WORD_CHARACTER = /[\p{L}\p{N}]/u;

/**
 * Every word must appear (accents and case ignored). A `*` right after the last word matches any
 * word starting with it, for search-as-you-type. Other punctuation is only a separator.
 */
export const searchQuerySchema = z.object({
  q: z
    .string()
    .max(SEARCH_QUERY_MAX_LENGTH)
    .refine((value) => WORD_CHARACTER.test(value), 'must contain a letter or a digit')
    .refine((value) => !hasControlCharacters(value), 'contains control or invalid characters'),
  roomId: z.coerce.number().int().positive().optional(),
  /** Only messages older than this id: pass the last result's id for the next page. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(SEARCH_LIMIT_MAX).default(20),
});
export type SearchQuery = z.output<typeof searchQuerySchema>;

export const searchHitSchema = z.object({
  message: messageSchema,
  /** A short excerpt with the matches between SEARCH_HIGHLIGHT.start and .end. */
  snippet: z.string(),
});
export type SearchHit = z.infer<typeof searchHitSchema>;

/** Why some messages cannot be found: encrypted bodies are not in the search index. */
export const searchNoticeSchema = z.object({
  code: z.literal('MESSAGE_BODIES_ENCRYPTED'),
  message: z.string(),
});
export type SearchNotice = z.infer<typeof searchNoticeSchema>;

/** Newest first. */
export const searchResultsSchema = z.object({
  results: z.array(searchHitSchema),
  notice: searchNoticeSchema.optional(),
});
export type SearchResults = z.infer<typeof searchResultsSchema>;
