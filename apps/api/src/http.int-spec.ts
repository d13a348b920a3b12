import { healthSchema } from '@atrio/protocol';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('HTTPS surface on one port', () => {
  it('GET /api/health answers the health shape', async () => {
    const response = await t.request('/api/health');
    expect(response.status).toBe(200);
    expect(healthSchema.parse(response.json())).toMatchObject({ status: 'ok', database: 'sqlite' });
  });

  it('unknown API routes answer 404 in the contract error shape, never HTML', async () => {
    const response = await t.request('/api/no-such-thing');
    expect(response.status).toBe(404);
    expect(response.headers['content-type']).toContain('application/json');
    expect(response.json()).toEqual({ error: { code: 'NOT_FOUND', message: expect.any(String) } });
  });

  it('a body that is not JSON answers 400 VALIDATION_FAILED', async () => {
    const response = await t.request('/api/health', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"username": ',
    });
    expect(response.status).toBe(400);
    expect(response.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'The request body is not valid JSON.' },
    });
  });

  it('an oversized body answers 413 PAYLOAD_TOO_LARGE and the server keeps serving', async () => {
    const response = await t.request('/api/health', {
      method: 'POST',
      body: { padding: 'x'.repeat(300 * 1024) },
    });
    expect(response.status).toBe(413);
    expect(response.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } });
    expect((await t.request('/api/health')).status).toBe(200);
  });

  it('serves the OpenAPI page and document at /api/docs', async () => {
    const page = await t.request('/api/docs');
    expect(page.status).toBe(200);
    expect(page.text).toContain('swagger');
    const doc = (await t.request('/api/docs-json')).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toContain('/api/health');
  });

  it('serves the chat client at / and the console at /admin, each with single-page fallback', async () => {
    const chat = await t.request('/rooms/42');
    expect(chat.status).toBe(200);
    expect(chat.text).toContain('<title>Atrio</title>');
    const console = await t.request('/admin/users');
    expect(console.status).toBe(200);
    expect(console.text).toContain('Consola');
    const redirect = await t.request('/admin');
    expect(redirect.status).toBe(301);
    expect(redirect.headers.location).toBe('/admin/');
  });

  it('accepts Socket.IO on the same port and refuses a connection without a token with UNAUTHORIZED', async () => {
    const socket = io(t.baseUrl, { ca: t.ca, transports: ['websocket'], reconnection: false });
    const error = await new Promise<Error>((resolve) => socket.on('connect_error', resolve));
    socket.close();
    expect(error.message).toBe('UNAUTHORIZED');
  });
});
