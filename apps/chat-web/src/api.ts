/**
 * Every REST call the chat client makes, over one fetch wrapper that turns the contract's error
 * body into a typed ApiError. The browser authenticates with the HttpOnly session cookie set at
 * login, so no token is ever visible to scripts. Kept in one file so that moving to
 * libs/web-common's typed client is a small change.
 */
import type {
  CommandInfo,
  ErrorCode,
  LoginRequest,
  LoginResponse,
  Message,
  RecoveryChallenge,
  RecoveryCodes,
  Room,
  RoomMember,
  SearchResults,
  SecurityQuestion,
  SessionUser,
  TwoFactorSetup,
  UpdateMySettings,
} from '@atrio/protocol';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
  }
}

/** Told once when any call finds the session gone, so the app can go back to sign-in. */
let onSessionLost: (code: ErrorCode) => void = () => undefined;
export function whenSessionLost(handler: (code: ErrorCode) => void): void {
  onSessionLost = handler;
}

const SESSION_CODES: ReadonlySet<string> = new Set(['UNAUTHORIZED']);

async function call<T>(method: string, path: string, body?: unknown, quiet = false): Promise<T> {
  let response: Response;
  try {
    response = await fetch(`/api${path}`, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'The server cannot be reached.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) return parsed as T;
  const error = (parsed as { error?: { code?: ErrorCode; message?: string; details?: unknown } })?.error;
  const code: ErrorCode = error?.code ?? (response.status >= 500 ? 'UNAVAILABLE' : 'INTERNAL');
  const retryHeader = Number(response.headers.get('retry-after'));
  const detailSeconds = (error?.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  const apiError = new ApiError(
    response.status,
    code,
    error?.message ?? response.statusText,
    error?.details,
    detailSeconds ?? (Number.isFinite(retryHeader) && retryHeader > 0 ? retryHeader : undefined),
  );
  if (!quiet && SESSION_CODES.has(code)) onSessionLost(code);
  throw apiError;
}

/** The first problem of a VALIDATION_FAILED answer, as the server words it. */
export function validationDetail(error: ApiError): string {
  const details = error.details as { fields?: { path?: string; message?: string }[] } | undefined;
  const first = details?.fields?.[0];
  return first ? `${first.path ? `${first.path}: ` : ''}${first.message ?? ''}` : error.message;
}

export const api = {
  login: (body: LoginRequest) => call<LoginResponse>('POST', '/auth/login', body, true),
  me: () => call<SessionUser>('GET', '/auth/me', undefined, true),
  logout: () => call<void>('POST', '/auth/logout', undefined, true),
  logoutAll: () => call<void>('POST', '/auth/logout-all', undefined, true),
  changePassword: (currentPassword: string, newPassword: string) =>
    call<void>('POST', '/auth/password', { currentPassword, newPassword }),
  updateMe: (body: UpdateMySettings) => call<SessionUser>('PUT', '/auth/me', body),

  twoFactorSetup: () => call<TwoFactorSetup>('POST', '/auth/2fa/setup'),
  twoFactorConfirm: (code: string) => call<RecoveryCodes>('POST', '/auth/2fa/confirm', { code }),
  securityAnswers: (currentPassword: string, answers: { question: SecurityQuestion; answer: string }[]) =>
    call<void>('PUT', '/auth/security-questions', { currentPassword, answers }),
  mySecurityQuestions: () => call<{ questions: SecurityQuestion[] }>('GET', '/auth/security-questions'),
  recoveryStart: (username: string) =>
    call<RecoveryChallenge>('POST', '/auth/recovery/start', { username }, true),
  recoveryByAnswers: (body: {
    username: string;
    answers: Record<string, string>;
    newPassword: string;
    totp?: string;
  }) => call<void>('POST', '/auth/recovery/answers', body, true),
  recoveryByCode: (body: { username: string; code: string; newPassword: string; totp?: string }) =>
    call<void>('POST', '/auth/recovery/code', body, true),

  rooms: () => call<Room[]>('GET', '/rooms'),
  room: (id: number) => call<Room>('GET', `/rooms/${id}`),
  createRoom: (body: { name: string; description: string; visibility: 'public' | 'private' }) =>
    call<Room>('POST', '/rooms', body),
  direct: (userIds: number[]) => call<Room>('POST', '/rooms/direct', { userIds }),
  joinRoom: (id: number) => call<Room>('POST', `/rooms/${id}/join`),
  leaveRoom: (id: number) => call<void>('POST', `/rooms/${id}/leave`),
  members: (id: number) => call<RoomMember[]>('GET', `/rooms/${id}/members`),
  history: (id: number, before?: number, limit = 50) =>
    call<{ messages: Message[] }>(
      'GET',
      `/rooms/${id}/messages?limit=${limit}${before ? `&before=${before}` : ''}`,
    ),
  search: (q: string, roomId?: number) =>
    call<SearchResults>(
      'GET',
      `/search/messages?q=${encodeURIComponent(q)}${roomId ? `&roomId=${roomId}` : ''}&limit=30`,
    ),
  commands: () => call<CommandInfo[]>('GET', '/commands'),
  report: (messageId: number, reason: string) => call<unknown>('POST', '/reports', { messageId, reason }),
};
