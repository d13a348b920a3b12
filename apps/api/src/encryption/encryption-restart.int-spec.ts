import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Clock } from '../common/clock.js';
import { loadConfig } from '../config/load-config.js';
import { StartupError } from '../config/startup-error.js';
import { startServer } from '../server.js';
import { tempDir, testEnv, type TestServer } from '../../test/harness.js';
import { adminToken, api, login, newUser } from '../../test/factories.js';
import { request } from '../../test/http-client.js';
import { enrolTotp, passFinished, statusWhen } from '../../test/encryption.js';
import { totpAt } from '../../test/totp.js';
import { KEY_RING_FILE, KeyRing } from './key-ring.js';

/** Several starts on one data dir: the key ring and an interrupted rotation survive a restart. */
describe('restarts', () => {
  const root = tempDir('atrio-restart-');
  afterAll(() => root.remove());
  const config = () => loadConfig(testEnv(root.path), root.path);
  const keyRingFile = join(root.path, 'data', KEY_RING_FILE);

  async function started() {
    const server = await startServer(config());
    const baseUrl = `https://127.0.0.1:${server.port}`;
    const s = {
      server,
      config: server.config,
      baseUrl,
      ca: server.tls.cert,
      request: (path: string, options = {}) =>
        request(`${baseUrl}${path}`, { ...options, ca: server.tls.cert }),
      close: () => server.close(),
    } as TestServer;
    return s;
  }

  it('a rotation cut short by a restart finishes at the next start; a third start reads everything', async () => {
    let s = await started();
    const user = await newUser(s);
    const secret = await enrolTotp(s, user);
    const token = await adminToken(s);
    await api(s, token, 'PUT', `/api/admin/users/${user.id}`, { email: 'restart@example.org' });
    // The state a crash mid-pass leaves: a new active key, the old one retiring, values still under it.
    const oldKey = s.server.app.get(KeyRing).active().id;
    s.server.app.get(KeyRing).rotate(new Date());
    await s.close();

    s = await started();
    let admin2 = await adminToken(s);
    const status = await statusWhen(
      s,
      admin2,
      (st) => passFinished(st) && st.keys.find((k) => k.id === oldKey)?.status === 'retired',
    );
    expect(status.keys.find((k) => k.id === oldKey)?.values).toBe(0);
    await s.close();

    s = await started();
    admin2 = await adminToken(s);
    expect((await api(s, admin2, 'GET', `/api/admin/users/${user.id}`)).json<{ email: string }>().email).toBe(
      'restart@example.org',
    );
    s.server.app.get(Clock).advance(60_000);
    expect((await login(s, user.username, user.password, await totpAt(s, secret))).status).toBe(200);
    await s.close();
  });

  it('refuses to start when the key ring is readable by others, or lacks a key the database needs', async () => {
    chmodSync(keyRingFile, 0o644);
    const open = await startServer(config()).catch((error: unknown) => error);
    expect(open).toBeInstanceOf(StartupError);
    expect((open as StartupError).message).toMatch(/can be read by other users \(mode 0644\)/);
    chmodSync(keyRingFile, 0o600);

    const saved = readFileSync(keyRingFile);
    const fresh = tempDir('atrio-fresh-ring-');
    try {
      KeyRing.open(fresh.path);
      writeFileSync(keyRingFile, readFileSync(join(fresh.path, KEY_RING_FILE)), { mode: 0o600 });
      const lost = await startServer(config()).catch((error: unknown) => error);
      expect(lost).toBeInstanceOf(StartupError);
      expect((lost as StartupError).message).toMatch(
        /holds values encrypted with key [0-9a-f]{16}.*put back the key ring/,
      );
    } finally {
      writeFileSync(keyRingFile, saved, { mode: 0o600 });
      fresh.remove();
    }
    const s = await started();
    expect((await s.request('/api/health')).status).toBe(200);
    await s.close();
  });
});
