import type { AuthenticationDiagnostics, ConnectionDiagnostics } from '@atrio/protocol';
import { request as httpsRequest } from 'node:https';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminToken, api, login, newUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let admin: string;
beforeAll(async () => {
  t = await startTestServer();
  admin = await adminToken(t);
});
afterAll(() => t.close());

const codes = (findings: Array<{ code: string }>) => findings.map((f) => f.code);

describe('diagnostics (manual §9.1)', () => {
  it('connection: the port, the certificate against the name used, and a refused handshake named as the cause', async () => {
    const fine = (
      await api(t, admin, 'GET', '/api/admin/diagnostics/connection')
    ).json<ConnectionDiagnostics>();
    expect(fine.listening).toEqual({ host: '127.0.0.1', port: t.server.port });
    expect(fine.reachedAs).toBe('127.0.0.1');
    expect(fine.certificate).toMatchObject({ coversReachedAs: true, selfSigned: true });
    expect(codes(fine.findings)).toContain('connection_ok');

    const socket = io(t.baseUrl, {
      ca: t.ca,
      transports: ['websocket'],
      reconnection: false,
      auth: { token: 'not-a-session' },
    });
    await new Promise<void>((resolve) => socket.once('connect_error', () => resolve()));
    socket.close();
    let after: ConnectionDiagnostics | undefined;
    await expect
      .poll(async () => {
        after = (
          await api(t, admin, 'GET', '/api/admin/diagnostics/connection')
        ).json<ConnectionDiagnostics>();
        return after.refusals[0];
      })
      .toMatchObject({ kind: 'socket', reason: 'UNAUTHORIZED' });
    expect(after!.findings).toContainEqual(
      expect.objectContaining({
        severity: 'warning',
        code: 'refused_socket_unauthorized',
        params: expect.objectContaining({ count: 1 }),
      }),
    );

    // A client that reached the server under a name its certificate lacks (TLS itself checked against localhost).
    const named = await new Promise<ConnectionDiagnostics>((resolve, reject) => {
      const call = httpsRequest(
        {
          host: '127.0.0.1',
          port: t.server.port,
          path: '/api/admin/diagnostics/connection',
          ca: t.ca,
          servername: 'localhost',
          headers: { host: `chat.example.org:${t.server.port}`, authorization: `Bearer ${admin}` },
        },
        (response) => {
          let body = '';
          response.on('data', (chunk: Buffer) => (body += chunk.toString()));
          response.on('end', () => resolve(JSON.parse(body) as ConnectionDiagnostics));
        },
      );
      call.on('error', reject);
      call.end();
    });
    expect(named.reachedAs).toBe('chat.example.org');
    expect(named.certificate.coversReachedAs).toBe(false);
    expect(named.findings[0]).toEqual({
      severity: 'problem',
      code: 'cert_name_missing',
      params: { host: 'chat.example.org' },
    });
  });

  it('authentication: failures by reason and address, unknown names, locked accounts, named as causes', async () => {
    const calm = (
      await api(t, admin, 'GET', '/api/admin/diagnostics/authentication')
    ).json<AuthenticationDiagnostics>();
    expect(calm.failures).toBe(0);
    expect(codes(calm.findings)).toEqual(['no_failures']);

    const user = await newUser(t);
    for (let i = 0; i < 5; i++) await login(t, user.username, `wrong ${i}`);
    for (let i = 0; i < 5; i++) await login(t, `nobody-${i}`, 'guess');
    const response = await api(t, admin, 'GET', '/api/admin/diagnostics/authentication');
    expect(response.status).toBe(200);
    const figures = response.json<AuthenticationDiagnostics>();
    expect(figures).toMatchObject({
      failures: 10,
      unknownNames: 5,
      lockedAccounts: 1,
      throttledAddresses: 0,
    });
    expect(figures.byReason).toEqual([{ reason: 'password', count: 10 }]);
    expect(figures.byAddress).toEqual([{ ip: expect.stringContaining('127.0.0.1'), count: 10 }]);
    expect(codes(figures.findings)).toEqual(['locked_accounts', 'one_address', 'unknown_names']);
  });

  it('is refused to a member', async () => {
    const member = await newUser(t);
    for (const page of ['connection', 'authentication']) {
      expect((await api(t, member.token, 'GET', `/api/admin/diagnostics/${page}`)).status).toBe(403);
    }
  });
});
