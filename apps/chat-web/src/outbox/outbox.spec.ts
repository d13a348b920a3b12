import { describe, expect, it } from 'vitest';
import { Outbox, type OutboxItem, type OutboxStorage, type SendOutcome } from './outbox';

/** The storage a real page has in IndexedDB, as a Map shared by "page loads". */
function memoryStorage(): OutboxStorage & { data: Map<string, OutboxItem> } {
  const data = new Map<string, OutboxItem>();
  return {
    data,
    all: async () => [...data.values()].map((item) => structuredClone(item)),
    put: async (item) => void data.set(item.clientMsgId, structuredClone(item)),
    remove: async (id) => void data.delete(id),
  };
}

/** A server that stores one message per clientMsgId, like the real one. */
function fakeServer() {
  const stored = new Map<string, string>();
  let online = true;
  const send = async (item: OutboxItem): Promise<SendOutcome> => {
    if (!online) return { kind: 'retry' };
    if (item.body === 'too long') return { kind: 'failed', code: 'MESSAGE_TOO_LONG', message: 'too long' };
    if (!stored.has(item.clientMsgId)) stored.set(item.clientMsgId, item.body);
    return { kind: 'sent' };
  };
  return { stored, send, setOnline: (value: boolean) => (online = value) };
}

const add = (box: Outbox, id: string, body: string, at: number) =>
  box.add({ clientMsgId: id, roomId: 1, body, createdAt: at });

describe('outbox', () => {
  it('keeps messages typed offline, in order, and sends each exactly once when back', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const box = new Outbox(storage);
    await box.load(7);
    server.setOnline(false);
    await add(box, 'a', 'first', 1);
    await add(box, 'b', 'second', 2);
    await box.flush(server.send);
    expect(box.list().map((i) => i.clientMsgId)).toEqual(['a', 'b']);
    expect(server.stored.size).toBe(0);

    server.setOnline(true);
    await Promise.all([box.flush(server.send), box.flush(server.send)]);
    expect([...server.stored.values()]).toEqual(['first', 'second']);
    expect(box.list()).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  it('survives a reload: a new page finds the pending message and sends it', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    server.setOnline(false);
    const before = new Outbox(storage);
    await before.load(7);
    await add(before, 'c', 'typed before reload', 1);
    await before.flush(server.send);

    const after = new Outbox(storage);
    await after.load(7);
    expect(after.list().map((i) => i.body)).toEqual(['typed before reload']);
    server.setOnline(true);
    await after.flush(server.send);
    expect([...server.stored.values()]).toEqual(['typed before reload']);
  });

  it('resending an item whose ack was lost stores nothing new', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const box = new Outbox(storage);
    await box.load(7);
    await add(box, 'd', 'ack lost', 1);
    let calls = 0;
    // The server stores it, but the answer never arrives (connection dropped).
    await box.flush(async (item) => {
      calls++;
      await server.send(item);
      return { kind: 'retry' };
    });
    await box.flush(server.send);
    expect(calls).toBe(1);
    expect(server.stored.size).toBe(1);
    expect(box.list()).toEqual([]);
  });

  it('keeps refused messages as failed until retried or discarded, without blocking the rest', async () => {
    const storage = memoryStorage();
    const server = fakeServer();
    const box = new Outbox(storage);
    await box.load(7);
    await add(box, 'e', 'too long', 1);
    await add(box, 'f', 'fine', 2);
    await box.flush(server.send);
    expect(box.list()).toMatchObject([
      { clientMsgId: 'e', state: 'failed', error: { code: 'MESSAGE_TOO_LONG' } },
    ]);
    expect([...server.stored.values()]).toEqual(['fine']);

    await box.retry('e');
    expect(box.list()[0]!.state).toBe('waiting');
    await box.discard('e');
    expect(box.list()).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  it('stops at the first item that must wait, so order is kept, and reports the delay', async () => {
    const box = new Outbox(memoryStorage());
    await box.load(7);
    await add(box, 'g', 'one', 1);
    await add(box, 'h', 'two', 2);
    const sent: string[] = [];
    await box.flush(async (item) => {
      if (item.clientMsgId === 'g') return { kind: 'retry', afterMs: 1500 };
      sent.push(item.body);
      return { kind: 'sent' };
    });
    expect(sent).toEqual([]);
    expect(box.retryAfterMs).toBe(1500);
  });

  it('sends items added during a flush in the same run, and only this user’s items', async () => {
    const storage = memoryStorage();
    await storage.put({
      clientMsgId: 'other',
      userId: 99,
      roomId: 1,
      body: 'not mine',
      createdAt: 0,
      state: 'waiting',
    });
    const box = new Outbox(storage);
    await box.load(7);
    const sent: string[] = [];
    await add(box, 'i', 'one', 1);
    await box.flush(async (item) => {
      sent.push(item.body);
      if (item.body === 'one') await add(box, 'j', 'two', 2);
      return { kind: 'sent' };
    });
    expect(sent).toEqual(['one', 'two']);
    expect(storage.data.has('other')).toBe(true);
  });
});
