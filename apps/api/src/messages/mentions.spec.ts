import { describe, expect, it } from 'vitest';
import { parseMentions } from './mentions.js';

describe('parseMentions', () => {
  it('finds @user and @room, once each, in any case', () => {
    expect(parseMentions('hi @Ana and @bob.smith, @ana again; @room')).toEqual({
      usernames: ['ana', 'bob.smith'],
      room: true,
    });
  });

  it('ignores e-mail addresses and trailing punctuation', () => {
    expect(parseMentions('write to ana@example.com or ping @carlos.')).toEqual({
      usernames: ['carlos'],
      room: false,
    });
  });

  it('finds nothing in plain text', () => {
    expect(parseMentions('no mentions here')).toEqual({ usernames: [], room: false });
  });
});
