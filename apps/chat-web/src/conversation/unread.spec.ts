import { type Message, UNREAD_COUNT_LIMIT } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import {
  countsAsUnread,
  firstUnreadId,
  mentions,
  mergeMessages,
  nextReadId,
  readIdBefore,
  unreadAfter,
} from './unread';

const ME = 1;
let next = 0;
function msg(id: number, authorId: number | null = 2, extra: Partial<Message> = {}): Message {
  next++;
  return {
    id,
    roomId: 1,
    authorId,
    authorName: `u${authorId}`,
    body: `body ${next}`,
    createdAt: new Date(2026, 0, 1, 0, 0, id).toISOString(),
    editedAt: null,
    clientMsgId: null,
    kind: authorId === null ? 'system' : 'text',
    replyToId: null,
    reactions: {},
    ...extra,
  };
}

describe('unread counting', () => {
  it('counts others’ live messages only (not mine, not system, not deleted)', () => {
    const list = [msg(1), msg(2, ME), msg(3, null), msg(4, 2, { body: '' }), msg(5)];
    expect(list.map((m) => countsAsUnread(m, ME))).toEqual([true, false, false, false, true]);
    expect(unreadAfter(list, 0, ME)).toBe(2);
    expect(unreadAfter(list, 1, ME)).toBe(1);
  });

  it('places the divider at the unread-th countable message from the end', () => {
    const list = [msg(10), msg(11), msg(12, ME), msg(13), msg(14, null), msg(15)];
    expect(firstUnreadId(list, 0, ME, true)).toBeNull();
    expect(firstUnreadId(list, 1, ME, true)).toBe(15);
    expect(firstUnreadId(list, 2, ME, true)).toBe(13);
    expect(firstUnreadId(list, 3, ME, true)).toBe(11);
  });

  it('asks for older history when the first unread is not loaded yet', () => {
    const list = [msg(20), msg(21)];
    expect(firstUnreadId(list, 5, ME, true)).toBeUndefined();
    // At the very start of the room, the oldest countable message is as far back as it goes.
    expect(firstUnreadId(list, 5, ME, false)).toBe(20);
  });

  it('past the count limit, places the divider after the read watermark, loading back to it first', () => {
    // Message 999 was read; 150 came after it, counted as 100 ("99+"): the divider goes at the oldest.
    const list = [msg(999), ...Array.from({ length: 150 }, (_, i) => msg(1000 + i))];
    expect(firstUnreadId(list, UNREAD_COUNT_LIMIT, ME, true, 999)).toBe(1000);
    // Without the watermark it could only guess the 100th from the end.
    expect(firstUnreadId(list, UNREAD_COUNT_LIMIT, ME, true)).toBe(1050);
    // The watermark lies before what is loaded: older history first.
    expect(firstUnreadId(list.slice(1), UNREAD_COUNT_LIMIT, ME, true, 999)).toBeUndefined();
    expect(firstUnreadId([msg(998, ME), ...list], UNREAD_COUNT_LIMIT, ME, false, 997)).toBe(999);
  });

  it('derives the read watermark just before the divider', () => {
    const list = [msg(30), msg(31), msg(33), msg(40)];
    expect(readIdBefore(list, 33)).toBe(31);
    expect(readIdBefore(list, 30)).toBe(0);
    expect(readIdBefore(list, null)).toBe(40);
  });

  it('reads only in a focused tab, and only forward', () => {
    expect(nextReadId(10, [8, 12, 11], true)).toBe(12);
    expect(nextReadId(10, [8, 12, 11], false)).toBeNull();
    expect(nextReadId(10, [5, 9], true)).toBeNull();
  });

  it('merges without gaps or duplicates, newest copy winning', () => {
    const a = [msg(1), msg(2), msg(3)];
    const edited = { ...a[1]!, body: 'edited', editedAt: new Date().toISOString() };
    const merged = mergeMessages(a, [msg(5), edited, msg(4), msg(3)]);
    expect(merged.map((m) => m.id)).toEqual([1, 2, 3, 4, 5]);
    expect(merged[1]!.body).toBe('edited');
  });

  it('recognises mentions as the server does', () => {
    expect(mentions('hola @ana.', 'ana')).toBe(true);
    expect(mentions('@room reunión', 'ana')).toBe(true);
    expect(mentions('ana@example.org', 'ana')).toBe(false);
    expect(mentions('@anabel', 'ana')).toBe(false);
  });
});
