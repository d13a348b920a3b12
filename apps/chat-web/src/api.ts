/**
 * Every REST call the chat client makes, through libs/web-common's client typed by protocol's
 * route tables. The browser authenticates with the HttpOnly session cookie set at login, so no
 * token is ever visible to scripts. Any call finding the session gone sends the app back to
 * sign-in (the login and recovery calls themselves excepted).
 */
import type {
  ApiRouteKey,
  ErrorCode,
  LoginRequest,
  SecurityQuestion,
  UpdateMySettings,
} from '@atrio/protocol';
import { api as call, ApiError, type CallArgs } from '@atrio/web-common';

export { ApiError };

/** Told when a call finds the session gone, so the app can go back to sign-in. */
let onSessionLost: (code: ErrorCode) => void = () => undefined;
export function whenSessionLost(handler: (code: ErrorCode) => void): void {
  onSessionLost = handler;
}

function session<K extends ApiRouteKey>(route: K, ...args: CallArgs<K>) {
  return call(route, ...args).catch((error: unknown) => {
    if (error instanceof ApiError && error.code === 'UNAUTHORIZED') onSessionLost(error.code);
    throw error;
  });
}

/** The first bad field of a VALIDATION_FAILED answer, in the server's words (e.g. a password rule). */
export function validationDetail(error: ApiError): string {
  const [first] = Object.entries(error.fields);
  return first ? `${first[0] ? `${first[0]}: ` : ''}${first[1]}` : '';
}

export const api = {
  login: (body: LoginRequest) => call('POST /api/auth/login', { body }),
  me: () => call('GET /api/auth/me'),
  logout: () => call('POST /api/auth/logout'),
  logoutAll: () => call('POST /api/auth/logout-all'),
  changePassword: (currentPassword: string, newPassword: string) =>
    session('POST /api/auth/password', { body: { currentPassword, newPassword } }),
  updateMe: (body: UpdateMySettings) => session('PUT /api/auth/me', { body }),

  twoFactorSetup: () => session('POST /api/auth/2fa/setup'),
  twoFactorConfirm: (code: string) => session('POST /api/auth/2fa/confirm', { body: { code } }),
  securityAnswers: (currentPassword: string, answers: { question: SecurityQuestion; answer: string }[]) =>
    session('PUT /api/auth/security-questions', { body: { currentPassword, answers } }),
  recoveryStart: (username: string) => call('POST /api/auth/recovery/start', { body: { username } }),
  recoveryByAnswers: (body: {
    username: string;
    answers: Record<string, string>;
    newPassword: string;
    totp?: string;
  }) => call('POST /api/auth/recovery/answers', { body }),
  recoveryByCode: (body: { username: string; code: string; newPassword: string; totp?: string }) =>
    call('POST /api/auth/recovery/code', { body }),

  rooms: () => session('GET /api/rooms', { query: { joined: 'true' } }),
  directory: (q: string, offset = 0) =>
    session('GET /api/rooms/directory', { query: { limit: 50, offset, ...(q ? { q } : {}) } }),
  room: (id: number) => session('GET /api/rooms/:id', { params: { id } }),
  createRoom: (body: { name: string; description: string; visibility: 'public' | 'private' }) =>
    session('POST /api/rooms', { body }),
  direct: (userIds: number[]) => session('POST /api/rooms/direct', { body: { userIds } }),
  joinRoom: (id: number) => session('POST /api/rooms/:id/join', { params: { id } }),
  leaveRoom: (id: number) => session('POST /api/rooms/:id/leave', { params: { id } }),
  members: (id: number) => session('GET /api/rooms/:id/members', { params: { id } }),
  history: (id: number, before?: number, limit = 50) =>
    session('GET /api/rooms/:id/messages', {
      params: { id },
      query: { limit, ...(before ? { before } : {}) },
    }),
  people: (q: string) => session('GET /api/people', { query: { limit: 30, ...(q ? { q } : {}) } }),
  search: (q: string, roomId?: number) =>
    session('GET /api/search/messages', { query: { q, limit: 30, ...(roomId ? { roomId } : {}) } }),
  commands: () => session('GET /api/commands'),
  report: (messageId: number, reason: string) =>
    session('POST /api/reports', { body: { messageId, reason } }),
};
