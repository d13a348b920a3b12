import type { RoomMember } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import { applySuggestion, suggest, wordAtCaret } from './suggestions';

const member = (userId: number, username: string, displayName: string): RoomMember => ({
  userId,
  username,
  displayName,
  role: 'member',
  joinedAt: '',
  mutedUntil: null,
  deliveredId: 0,
  readId: 0,
  presence: 'online',
});

describe('composer suggestions', () => {
  it('finds a command only at the start and a mention anywhere', () => {
    expect(wordAtCaret('/he', 3)).toEqual({ start: 0, word: '/he' });
    expect(wordAtCaret('hola /he', 8)).toBeNull();
    expect(wordAtCaret('hola @an', 8)).toEqual({ start: 5, word: '@an' });
    expect(wordAtCaret('hola @ana ', 10)).toBeNull();
  });

  it('suggests the commands this person may run and the room’s members', () => {
    const commands = [
      { name: 'help', usage: '/help', description: 'List' },
      { name: 'me', usage: '/me <action>', description: 'Say' },
    ];
    expect(suggest('/h', commands, [], 1).map((s) => s.insert)).toEqual(['/help ']);
    const members = [member(1, 'me', 'Me'), member(2, 'ana', 'Ana Ruiz'), member(3, 'luis', 'Luis Ana')];
    expect(suggest('@an', commands, members, 1).map((s) => s.label)).toEqual(['@ana', '@luis']);
    expect(suggest('@ro', commands, members, 1).map((s) => s.label)).toEqual(['@room']);
  });

  it('replaces the word at the caret', () => {
    expect(applySuggestion('hola @an qué tal', 5, 8, '@ana ')).toEqual({
      text: 'hola @ana  qué tal',
      caret: 10,
    });
  });
});
