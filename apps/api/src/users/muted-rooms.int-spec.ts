import type { SessionUser } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let ana: TestUser;
beforeAll(async () => {
  t = await startTestServer();
  ana = await newUser(t);
});
afterAll(() => t?.close());

const me = async () => (await api(t, ana.token, 'GET', '/api/auth/me')).json<SessionUser>();
const update = (body: unknown) => api(t, ana.token, 'PUT', '/api/auth/me', body);

describe('muted rooms in the user’s settings', () => {
  it('keeps the rooms a person muted, once each, without touching their other notification choices', async () => {
    expect((await me()).settings.notifications.mutedRooms).toBeUndefined();
    expect((await update({ notifications: { sound: false } })).status).toBe(200);
    const saved = await update({ notifications: { mutedRooms: [7, 3, 7] } });
    expect(saved.status).toBe(200);
    expect(saved.json<SessionUser>().settings.notifications).toMatchObject({
      mutedRooms: [7, 3],
      sound: false,
    });
    // Another session (another device) reads the same.
    expect((await me()).settings.notifications.mutedRooms).toEqual([7, 3]);
    expect((await update({ notifications: { mutedRooms: [] } })).status).toBe(200);
    expect((await me()).settings.notifications.mutedRooms).toEqual([]);
  });

  it('refuses room ids that are not positive integers, and more than 1 000 rooms', async () => {
    for (const mutedRooms of [
      ['7'],
      [0],
      [-1],
      [1.5],
      'all',
      Array.from({ length: 1001 }, (_, i) => i + 1),
    ]) {
      const refused = await update({ notifications: { mutedRooms } });
      expect(refused.status, JSON.stringify(mutedRooms).slice(0, 40)).toBe(400);
      expect(refused.json<{ error: { code: string } }>().error.code).toBe('VALIDATION_FAILED');
    }
    expect((await me()).settings.notifications.mutedRooms).toEqual([]);
  });
});
