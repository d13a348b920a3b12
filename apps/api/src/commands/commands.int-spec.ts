import type { CommandInfo } from '@atrio/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.js';
import { api, newUser } from '../../test/factories.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('GET /api/commands', () => {
  it('lists the commands a member may run, with usage and description', async () => {
    const member = await newUser(t);
    const response = await api(t, member.token, 'GET', '/api/commands');
    expect(response.status).toBe(200);
    const commands = response.json<CommandInfo[]>();
    const names = commands.map((c) => c.name);
    expect(names).toEqual(expect.arrayContaining(['help', 'me', 'join', 'leave', 'summary']));
    expect(commands.find((c) => c.name === 'me')).toMatchObject({ usage: '/me <action>' });
  });

  it('leaves out the commands whose permission the caller lacks', async () => {
    const auditor = await newUser(t, ['auditor']);
    const names = (await api(t, auditor.token, 'GET', '/api/commands'))
      .json<CommandInfo[]>()
      .map((c) => c.name);
    expect(names).toContain('help');
    expect(names).not.toContain('summary'); // needs ai.summarize
    expect(names).not.toContain('me'); // needs messages.send
  });

  it('refuses an anonymous caller', async () => {
    const response = await t.request('/api/commands');
    expect(response.status).toBe(401);
    expect(response.json<{ error: { code: string } }>().error.code).toBe('UNAUTHORIZED');
  });
});
