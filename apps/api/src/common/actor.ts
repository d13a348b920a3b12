import type { Permission } from '@atrio/protocol';

/** Who is making a request, as resolved from the session by the auth guard or the socket handshake. */
export interface Actor {
  userId: number;
  username: string;
  displayName: string;
  roles: string[];
  permissions: ReadonlySet<Permission>;
  sessionId: string;
  ip: string;
}

/** Where a request came from; known even before (or without) a login. */
export interface RequestOrigin {
  ip: string;
  userAgent: string;
}
