import type { LoginResponse, Room } from '@atrio/protocol';
import { randomBytes } from 'node:crypto';
import type { HttpResponse } from './http-client.js';
import { TEST_ADMIN_PASSWORD, type TestServer } from './harness.js';

export interface TestUser {
  id: number;
  username: string;
  password: string;
  token: string;
}

const unique = () => randomBytes(4).toString('hex');

/** A password that passes the default policy and is different on every call. */
export const newPassword = () => `tidal ${unique()} lantern ${unique()}`;

export function login(
  t: TestServer,
  username: string,
  password: string,
  totp?: string,
): Promise<HttpResponse> {
  return t.request('/api/auth/login', {
    method: 'POST',
    body: { username, password, ...(totp ? { totp } : {}) },
  });
}

/** Logs in and returns the token, failing the test with the server's answer otherwise. */
export async function tokenFor(
  t: TestServer,
  username: string,
  password: string,
  totp?: string,
): Promise<string> {
  const response = await login(t, username, password, totp);
  if (response.status !== 200)
    throw new Error(`login of ${username} failed: ${response.status} ${response.text}`);
  return response.json<LoginResponse>().token;
}

export function adminToken(t: TestServer): Promise<string> {
  return tokenFor(t, 'admin', TEST_ADMIN_PASSWORD);
}

/** Calls the API with a bearer token. */
export function api(
  t: TestServer,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  return t.request(path, { method, body, headers: { authorization: `Bearer ${token}`, ...headers } });
}

/**
 * A user created through the admin API with these roles, who has already replaced the temporary
 * password the admin set, and holds a live session.
 */
export async function newUser(t: TestServer, roles: string[] = ['member']): Promise<TestUser> {
  const admin = await adminToken(t);
  const username = `user-${unique()}`;
  const temporary = newPassword();
  const created = await api(t, admin, 'POST', '/api/admin/users', {
    username,
    displayName: `Test ${username}`,
    password: temporary,
    roles,
  });
  if (created.status !== 200 && created.status !== 201) throw new Error(`create user: ${created.text}`);
  const { id } = created.json<{ id: number }>();
  const password = newPassword();
  const firstToken = await tokenFor(t, username, temporary);
  const changed = await api(t, firstToken, 'POST', '/api/auth/password', {
    currentPassword: temporary,
    newPassword: password,
  });
  if (changed.status !== 204) throw new Error(`change password: ${changed.text}`);
  return { id, username, password, token: firstToken };
}

export interface NewRoomOptions {
  visibility?: 'public' | 'private';
  /** Unique unless given. */
  name?: string;
  /** Join a public room themselves; are added by the owner to a private one. */
  members?: TestUser[];
}

/** A room created through the API by `owner` (its first member), with these other members. */
export async function newRoom(
  t: TestServer,
  owner: Pick<TestUser, 'token'>,
  { visibility = 'public', name = `room ${unique()}`, members = [] }: NewRoomOptions = {},
): Promise<Room> {
  const created = await api(t, owner.token, 'POST', '/api/rooms', { name, visibility });
  if (created.status !== 201) throw new Error(`create room: ${created.status} ${created.text}`);
  const room = created.json<Room>();
  for (const member of members) {
    const added =
      visibility === 'public'
        ? await api(t, member.token, 'POST', `/api/rooms/${room.id}/join`)
        : await api(t, owner.token, 'POST', `/api/rooms/${room.id}/members`, { userId: member.id });
    if (added.status !== 200 && added.status !== 204) {
      throw new Error(`add ${member.username} to room ${room.id}: ${added.status} ${added.text}`);
    }
  }
  return room;
}
