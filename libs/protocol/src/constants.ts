/**
 * Limits and keys that both ends must agree on, with no zod: browser bundles import this module by
 * value (`@atrio/protocol/constants.js`), the schemas in this library are built from it.
 */

/**
 * The longest message body and the edit window by default (setting `chat.limits`, which an
 * administrator may change: MESSAGE_TOO_LONG then carries the server's `maxLength`).
 */
export const MESSAGE_MAX_LENGTH = 4000;
export const EDIT_WINDOW_MINUTES = 15;

/** Longest password accepted anywhere; longer ones are refused before any hashing. */
export const PASSWORD_MAX_LENGTH = 128;
export const DISPLAY_NAME_MAX_LENGTH = 128;
export const SECURITY_ANSWER_MAX_LENGTH = 128;
/** How many rooms one person may keep muted. */
export const MUTED_ROOMS_MAX = 1000;

/** Security question keys; the clients show the text in the user's language. */
export const SECURITY_QUESTIONS = [
  'first_school',
  'childhood_street',
  'first_pet',
  'favourite_teacher',
  'first_job_city',
  'childhood_friend',
  'favourite_book',
  'parents_meeting_city',
] as const;

/**
 * Unread messages are counted up to this many per room: `unread` equal to it means "this many or
 * more" (shown as 99+). Counting every unread message of every room made one room list from
 * someone back after weeks away hold the server for seconds.
 */
export const UNREAD_COUNT_LIMIT = 100;
