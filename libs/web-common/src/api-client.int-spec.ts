import type { Room } from '@atrio/protocol';
import { request as httpsRequest } from 'node:https';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { TEST_ADMIN_PASSWORD, startTestServer, type TestServer } from '../../../apps/api/test/harness.js';
import { createApiClient, type ApiClient } from './api-client.js';
import { ApiError } from './api-error.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t?.close());

/**
 * fetch as a page of the server sees it: it trusts the server's certificate, keeps the session
 * cookie the server sets and sends it back, and sends the page's Origin (Node's fetch does neither).
 */
function pageFetch(server: TestServer): typeof fetch {
  const cookies = new Map<string, string>();
  return (input, init = {}) =>
    new Promise<Response>((resolve, reject) => {
      const headers: Record<string, string> = {
        ...(init.headers as Record<string, string>),
        origin: server.baseUrl,
      };
      if (cookies.size > 0)
        headers.cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
      const body = init.body as string | undefined;
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const req = httpsRequest(String(input), { method: init.method, headers, ca: server.ca }, (res) => {
        for (const line of res.headers['set-cookie'] ?? []) {
          const [pair = ''] = line.split(';');
          const [name = '', value = ''] = pair.split('=');
          if (/expires=Thu, 01 Jan 1970/i.test(line)) cookies.delete(name);
          else cookies.set(name, value);
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (typeof value === 'string') responseHeaders.set(name, value);
          }
          const payload = status === 204 || status === 304 ? null : Buffer.concat(chunks);
          resolve(new Response(payload, { status, headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
}

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('typed API client against the real server', () => {
  let client: ApiClient;
  beforeAll(() => {
    client = createApiClient({ baseUrl: t.baseUrl, fetch: pageFetch(t) });
  });

  it('signs in with the cookie and calls routes by their table key', async () => {
    const { api } = client;
    await expect(failure(api('GET /api/auth/me'))).resolves.toMatchObject({
      status: 401,
      code: 'UNAUTHORIZED',
    });
    const session = await api('POST /api/auth/login', {
      body: { username: 'admin', password: TEST_ADMIN_PASSWORD },
    });
    expect(session.user.username).toBe('admin');
    expect((await api('GET /api/auth/me')).roles).toContain('admin');

    const created = await api('POST /api/rooms', {
      body: { name: `client ${Date.now()}`, visibility: 'public' },
    });
    expectTypeOf(created).toEqualTypeOf<Room>();
    const fetched = await api('GET /api/rooms/:id', { params: { id: created.id } });
    expect(fetched).toMatchObject({ id: created.id, name: created.name, joined: true });
    const history = await api('GET /api/rooms/:id/messages', {
      params: { id: created.id },
      query: { limit: 5 },
    });
    // A new room holds only the system line that says who created it.
    expect(history.messages).toEqual([expect.objectContaining({ roomId: created.id, kind: 'system' })]);
  });

  it('reads headers through apiResponse (react-admin lists)', async () => {
    const answer = await client.apiResponse('GET /api/admin/users', {
      query: { sort: '["id","ASC"]', range: '[0,0]' },
    });
    expect(answer.headers.get('content-range')).toMatch(/^users 0-0\/\d+$/);
    expect(answer.data).toHaveLength(1);
  });

  it('rejects with the contract error as an ApiError', async () => {
    const { api } = client;
    expect(await failure(api('GET /api/rooms/:id', { params: { id: 999_999 } }))).toMatchObject({
      status: 404,
      code: 'NOT_FOUND',
    });
    const invalid = await failure(api('POST /api/rooms', { body: { name: '', visibility: 'public' } }));
    expect(invalid).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(Object.keys(invalid.fields)).toEqual(['name']);
    expect(await failure(api('GET /api/rooms/:id', { params: { id: 'abc' } }))).toMatchObject({
      status: 400,
      code: 'VALIDATION_FAILED',
    });
  });

  it('signs out (204 → undefined) and the cookie no longer works', async () => {
    const { api } = client;
    expect(await api('POST /api/auth/logout')).toBeUndefined();
    expect(await failure(api('GET /api/rooms'))).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
  });
});
