import type { CommandInfo, RoomMember } from '@atrio/protocol';

export interface Suggestion {
  /** What replaces the word being typed. */
  insert: string;
  label: string;
  detail: string;
}

/** The word ending at the caret, if it is a command (at the very start) or a @mention. */
export function wordAtCaret(text: string, caret: number): { start: number; word: string } | null {
  const before = text.slice(0, caret);
  const match = /(^|\s)([/@][^\s]*)$/.exec(before);
  if (!match) return null;
  const start = before.length - match[2]!.length;
  if (match[2]!.startsWith('/') && start !== 0) return null;
  return { start, word: match[2]! };
}

export function suggest(
  word: string,
  commands: readonly CommandInfo[],
  members: readonly RoomMember[],
  myId: number,
): Suggestion[] {
  const query = word.slice(1).toLowerCase();
  if (word.startsWith('/')) {
    return commands
      .filter((c) => c.name.startsWith(query))
      .map((c) => ({ insert: `/${c.name} `, label: c.usage, detail: c.description }));
  }
  const people = members
    .filter((m) => m.userId !== myId)
    .filter((m) => m.username.startsWith(query) || m.displayName.toLowerCase().includes(query))
    .slice(0, 8)
    .map((m) => ({ insert: `@${m.username} `, label: `@${m.username}`, detail: m.displayName }));
  if ('room'.startsWith(query)) people.push({ insert: '@room ', label: '@room', detail: '' });
  return people;
}

export function applySuggestion(text: string, start: number, caret: number, insert: string) {
  const next = text.slice(0, start) + insert + text.slice(caret);
  return { text: next, caret: start + insert.length };
}
