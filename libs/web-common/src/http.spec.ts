import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { http, queryString } from './http.js';

/** A real HTTP server answering what each path asks for, echoing what it received. */
let server: Server;
let baseUrl: string;
const answers: Record<string, (req: IncomingMessage, res: ServerResponse, body: string) => void> = {
  '/echo': (req, res, body) =>
    json(res, 200, { method: req.method, url: req.url, type: req.headers['content-type'] ?? null, body }),
  '/no-content': (_req, res) => res.writeHead(204).end(),
  '/locked': (_req, res) =>
    json(res, 423, {
      error: { code: 'ACCOUNT_LOCKED', message: 'Locked.', details: { retryAfterSeconds: 840 } },
    }),
  '/limited': (_req, res) => {
    res.setHeader('retry-after', '7');
    json(res, 429, { error: { code: 'RATE_LIMITED', message: 'Slow down.' } });
  },
  '/invalid': (_req, res) =>
    json(res, 400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Some fields are missing or invalid.',
        details: { fields: [{ path: 'name', message: 'is required' }] },
      },
    }),
  '/proxy-page': (_req, res) =>
    res.writeHead(502, { 'content-type': 'text/html' }).end('<h1>Bad gateway</h1>'),
  '/csv': (_req, res) => res.writeHead(200, { 'content-type': 'text/csv' }).end('a,b\n1,2\n'),
  '/slow': () => undefined, // never answers: only an abort ends the call
};

function json(res: ServerResponse, status: number, value: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(value));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => answers[new URL(req.url ?? '/', 'http://x').pathname]?.(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ApiError);
  return error as ApiError;
}

describe('fetch wrapper', () => {
  it('sends JSON with its method and query, and parses the JSON answer', async () => {
    const answer = await http<{ method: string; url: string; type: string; body: string }>(
      '/echo',
      { method: 'POST', query: { sort: ['id', 'ASC'], q: 'a b', skip: undefined }, body: { x: 1 } },
      { baseUrl },
    );
    expect(answer.status).toBe(200);
    expect(answer.data).toEqual({
      method: 'POST',
      url: '/echo?sort=%5B%22id%22%2C%22ASC%22%5D&q=a+b',
      type: 'application/json',
      body: '{"x":1}',
    });
  });

  it('answers undefined for 204 and a Blob for non-JSON content', async () => {
    expect((await http('/no-content', { method: 'DELETE' }, { baseUrl })).data).toBeUndefined();
    const csv = (await http<Blob>('/csv', {}, { baseUrl })).data;
    expect(await csv.text()).toBe('a,b\n1,2\n');
  });

  it("turns the contract's error body into an ApiError with its details", async () => {
    const locked = await failure(http('/locked', { method: 'POST' }, { baseUrl }));
    expect(locked).toMatchObject({
      status: 423,
      code: 'ACCOUNT_LOCKED',
      message: 'Locked.',
      retryAfterSeconds: 840,
    });
    const limited = await failure(http('/limited', {}, { baseUrl }));
    expect(limited).toMatchObject({ status: 429, code: 'RATE_LIMITED', retryAfterSeconds: 7 });
    const invalid = await failure(http('/invalid', {}, { baseUrl }));
    expect(invalid.fields).toEqual({ name: 'is required' });
  });

  it('names a non-contract error by its status, and an unreachable server UNAVAILABLE with status 0', async () => {
    expect(await failure(http('/proxy-page', {}, { baseUrl }))).toMatchObject({
      status: 502,
      code: 'UNAVAILABLE',
    });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failure(http('/echo', {}, { baseUrl: `http://127.0.0.1:${port}` }))).toMatchObject({
      status: 0,
      code: 'UNAVAILABLE',
    });
  });

  it('lets an abort through as the abort it is', async () => {
    const controller = new AbortController();
    const call = http('/slow', { signal: controller.signal }, { baseUrl });
    controller.abort();
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('leaves out empty query values', () => {
    expect(queryString({ a: undefined, b: null })).toBe('');
    expect(queryString({ limit: 50, before: 3 })).toBe('?limit=50&before=3');
  });
});
