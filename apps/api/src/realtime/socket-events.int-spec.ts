import { clientEvents, type ClientEventName } from '@atrio/protocol';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emitRaw, socketPool } from '../../test/chat-client.js';
import { newUser, type TestUser } from '../../test/factories.js';
import { startTestServer, type TestServer } from '../../test/harness.js';

let t: TestServer;
let user: TestUser;
const sockets = socketPool(() => t);

beforeAll(async () => {
  t = await startTestServer();
  user = await newUser(t);
});
afterEach(sockets.closeAll);
afterAll(() => t.close());

describe("protocol's client event table is what the server serves", () => {
  it.each(Object.keys(clientEvents) as ClientEventName[])(
    '%s is handled: its payload is validated and acknowledged',
    async (event) => {
      const socket = await sockets.connect(user);
      expect(await emitRaw(socket, event, { unexpected: true })).toMatchObject({
        ok: false,
        error: { code: 'VALIDATION_FAILED' },
      });
    },
  );
});
