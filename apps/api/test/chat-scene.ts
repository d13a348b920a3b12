import type { Room } from '@atrio/protocol';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { socketPool } from './chat-client.js';
import { adminToken, api, newRoom, type NewRoomOptions, newUser, type TestUser } from './factories.js';
import { startTestServer, type TestServer } from './harness.js';

export interface ChatSceneOptions<Name extends string> {
  /** The people of the scene, members by default; `roles` gives some of them other roles. */
  users: readonly Name[];
  roles?: Partial<Record<Name, string[]>>;
  /**
   * Lifts the chat rate limits, for files that send many messages as the same users (the limits
   * have their own tests in chat-input.int-spec.ts).
   */
  unlimited?: boolean;
}

export interface ChatScene<Name extends string> {
  /** The server and the users, once the scene's beforeAll has run. */
  readonly t: TestServer;
  readonly users: Record<Name, TestUser>;
  /** A socket of `user`'s, closed after the test. */
  connect(user: { token: string }): Promise<Socket>;
  newRoom(owner: Pick<TestUser, 'token'>, options?: NewRoomOptions): Promise<Room>;
}

const UNLIMITED = {
  maxBodyLength: 4000,
  messagesPerSecond: 1000,
  messageBurst: 1000,
  eventsPerSecond: 1000,
  editWindowMinutes: 15,
  maxPayloadBytes: 65_536,
};

/**
 * One server and its people for a test file, as the chat tests need them: it starts a real
 * server and creates the users before the file's tests, closes each test's sockets after it, and
 * stops the server at the end. In the file:
 *
 *   const scene = chatScene({ users: ['alice', 'bob'] });
 *   const { connect } = scene;
 *   beforeAll(() => ({ t, users: { alice, bob } } = scene));
 */
export function chatScene<const Name extends string>(options: ChatSceneOptions<Name>): ChatScene<Name> {
  let server: TestServer | undefined;
  let users: Record<Name, TestUser> | undefined;
  const sockets = socketPool(() => started());
  const started = (): TestServer => {
    if (!server) throw new Error('the chat scene is used before its beforeAll ran');
    return server;
  };

  beforeAll(async () => {
    server = await startTestServer();
    const created = {} as Record<Name, TestUser>;
    for (const name of options.users) created[name] = await newUser(server, options.roles?.[name]);
    users = created;
    if (options.unlimited) {
      const raised = await api(server, await adminToken(server), 'PUT', '/api/admin/settings/chat.limits', {
        value: UNLIMITED,
      });
      if (raised.status !== 200) throw new Error(`raise the chat limits: ${raised.text}`);
    }
  });
  afterEach(sockets.closeAll);
  afterAll(() => server?.close());

  return {
    get t() {
      return started();
    },
    get users() {
      if (!users) throw new Error('the chat scene is used before its beforeAll ran');
      return users;
    },
    connect: (user) => sockets.connect(user),
    newRoom: (owner, roomOptions) => newRoom(started(), owner, roomOptions),
  };
}
