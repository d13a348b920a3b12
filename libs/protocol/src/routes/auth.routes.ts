import { z } from 'zod';
import {
  changePasswordSchema,
  loginRequestSchema,
  loginResponseSchema,
  sessionInfoSchema,
  sessionUserSchema,
  updateMySettingsSchema,
} from '../auth.js';
import {
  recoveryByAnswersSchema,
  recoveryByCodeSchema,
  recoveryChallengeSchema,
  recoveryStartSchema,
  resetCodeSchema,
  securityQuestionSchema,
  setSecurityAnswersSchema,
} from '../recovery.js';
import { idParam, routeTable, textParam } from '../route.js';
import {
  disableTwoFactorSchema,
  recoveryCodesSchema,
  totpCodeRequestSchema,
  twoFactorSetupSchema,
} from '../two-factor.js';

const questions = z.object({ questions: z.array(securityQuestionSchema) });

/** Sign-in, the caller's own account and sessions. */
export const authRoutes = routeTable({
  login: {
    method: 'POST',
    path: '/api/auth/login',
    status: 200,
    summary: 'Sign in; also sets the HttpOnly session cookie',
    body: loginRequestSchema,
    response: loginResponseSchema,
  },
  logout: { method: 'POST', path: '/api/auth/logout', status: 204 },
  logoutAll: { method: 'POST', path: '/api/auth/logout-all', status: 204 },
  me: { method: 'GET', path: '/api/auth/me', response: sessionUserSchema },
  updateMe: {
    method: 'PUT',
    path: '/api/auth/me',
    body: updateMySettingsSchema,
    response: sessionUserSchema,
  },
  changePassword: { method: 'POST', path: '/api/auth/password', status: 204, body: changePasswordSchema },
  sessions: { method: 'GET', path: '/api/auth/sessions', response: z.array(sessionInfoSchema) },
  endSession: {
    method: 'DELETE',
    path: '/api/auth/sessions/:id',
    status: 204,
    params: z.object({ id: textParam }),
  },
});

/** Security questions and password recovery without signing in. */
export const recoveryRoutes = routeTable({
  catalogue: { method: 'GET', path: '/api/auth/security-questions/catalogue', response: questions },
  mine: { method: 'GET', path: '/api/auth/security-questions', response: questions },
  setMine: {
    method: 'PUT',
    path: '/api/auth/security-questions',
    body: setSecurityAnswersSchema,
    response: questions,
  },
  start: {
    method: 'POST',
    path: '/api/auth/recovery/start',
    status: 200,
    body: recoveryStartSchema,
    response: recoveryChallengeSchema,
  },
  byAnswers: {
    method: 'POST',
    path: '/api/auth/recovery/answers',
    status: 204,
    body: recoveryByAnswersSchema,
  },
  byCode: { method: 'POST', path: '/api/auth/recovery/code', status: 204, body: recoveryByCodeSchema },
  issueResetCode: {
    method: 'POST',
    path: '/api/admin/users/:id/reset-code',
    status: 201,
    params: z.object({ id: idParam }),
    response: resetCodeSchema,
  },
});

export const twoFactorRoutes = routeTable({
  setup: { method: 'POST', path: '/api/auth/2fa/setup', status: 200, response: twoFactorSetupSchema },
  confirm: {
    method: 'POST',
    path: '/api/auth/2fa/confirm',
    status: 200,
    body: totpCodeRequestSchema,
    response: recoveryCodesSchema,
  },
  regenerate: {
    method: 'POST',
    path: '/api/auth/2fa/recovery-codes',
    status: 200,
    body: totpCodeRequestSchema,
    response: recoveryCodesSchema,
  },
  disable: { method: 'DELETE', path: '/api/auth/2fa', status: 204, body: disableTwoFactorSchema },
  reset: {
    method: 'POST',
    path: '/api/admin/users/:id/reset-2fa',
    status: 204,
    params: z.object({ id: idParam }),
  },
});
