// Finding control characters is the point of this pattern.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\ufffd]/;

/**
 * True when the text holds control characters (other than tab and newlines), U+FFFD from invalid
 * UTF-8, or a lone UTF-16 surrogate.
 */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value) || hasLoneSurrogate(value);
}

/** A UTF-16 surrogate without its pair: not a character, and stored as U+FFFD, so refused at the edge. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the text is not well-formed UTF-16 (what is acknowledged must be exactly what is stored). */
export function hasLoneSurrogate(value: string): boolean {
  return LONE_SURROGATE.test(value);
}

/** Invisible formatting: bidi overrides and isolates, zero-width characters, soft hyphen, separators. */
const FORMAT_CHARACTERS = /[\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/;

/** True when the text holds invisible formatting that can reorder or hide what a reader sees. */
export function hasFormatCharacters(value: string): boolean {
  return FORMAT_CHARACTERS.test(value);
}
