import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Clock } from '../../common/clock.js';
import { rawQuery } from '../../../test/encryption.js';
import { login, newUser } from '../../../test/factories.js';
import { startTestServer, tempDir, type TestServer } from '../../../test/harness.js';
import { UnknownLoginsPurge } from './unknown-logins-purge.service.js';

const root = tempDir('atrio-unknown-logins-');
const dataDir = join(root.path, 'data');
mkdirSync(dataDir);
const servers: TestServer[] = [];
const start = async () => {
  const t = await startTestServer({ ATRIO_DATA_DIR: dataDir });
  servers.push(t);
  return t;
};
afterAll(async () => {
  for (const t of servers) await t.close().catch(() => undefined);
  root.remove();
});

async function failFiveTimes(t: TestServer, username: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) statuses.push((await login(t, username, `wrong guess ${i}`)).status);
  return statuses;
}

describe('lock-outs of unknown usernames', () => {
  it('are stored like real ones: they survive a restart and run out at the same time', async () => {
    const first = await start();
    const user = await newUser(first);
    const ghost = `ghost-${Date.now()}`;
    expect(await failFiveTimes(first, user.username)).toEqual([401, 401, 401, 401, 423]);
    expect(await failFiveTimes(first, ghost)).toEqual([401, 401, 401, 401, 423]);
    expect(
      await rawQuery(first, 'SELECT failed_logins FROM unknown_logins WHERE username = ?', [ghost]),
    ).toEqual([{ failed_logins: 5 }]);
    await first.close();

    const second = await start();
    const real = await login(second, user.username, 'another guess');
    const fake = await login(second, ghost, 'another guess');
    expect(real.status).toBe(423);
    expect(fake.status).toBe(423);
    expect(fake.json()).toEqual(real.json());

    second.server.app.get(Clock).advance(16 * 60_000);
    expect((await login(second, user.username, 'still wrong')).status).toBe(401);
    expect((await login(second, ghost, 'still wrong')).status).toBe(401);
  });

  it('are forgotten once their lock ran out more than a day ago (bounded by time)', async () => {
    const t = servers.at(-1)!;
    const old = `old-ghost-${Date.now()}`;
    await failFiveTimes(t, old);
    const clock = t.server.app.get(Clock);
    clock.advance(24 * 60 * 60_000); // the default longest lock is 24 h: not yet
    await t.server.app.get(UnknownLoginsPurge).tick();
    expect(await rawQuery(t, 'SELECT username FROM unknown_logins WHERE username = ?', [old])).toHaveLength(
      1,
    );
    clock.advance(25 * 60 * 60_000);
    await t.server.app.get(UnknownLoginsPurge).tick();
    expect(await rawQuery(t, 'SELECT username FROM unknown_logins WHERE username = ?', [old])).toEqual([]);
  });
});
