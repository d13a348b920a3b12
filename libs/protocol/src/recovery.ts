import { z } from 'zod';
import { passwordSchema } from './auth.js';
import { SECURITY_ANSWER_MAX_LENGTH, SECURITY_QUESTIONS } from './constants.js';

export const securityQuestionSchema = z.enum(SECURITY_QUESTIONS);
export type SecurityQuestion = z.infer<typeof securityQuestionSchema>;

const answerSchema = z.string().trim().min(2, 'is too short').max(SECURITY_ANSWER_MAX_LENGTH, 'is too long');

/** `PUT /api/auth/security-questions`: at least three different questions, confirmed by the password. */
export const setSecurityAnswersSchema = z.object({
  currentPassword: passwordSchema,
  answers: z
    .array(z.object({ question: securityQuestionSchema, answer: answerSchema }))
    .min(3, 'needs at least three answers')
    .max(SECURITY_QUESTIONS.length)
    .refine((list) => new Set(list.map((a) => a.question)).size === list.length, 'each question only once'),
});
export type SetSecurityAnswers = z.infer<typeof setSecurityAnswersSchema>;

export const recoveryStartSchema = z.object({ username: z.string().trim().toLowerCase().min(1).max(64) });
export type RecoveryStart = z.infer<typeof recoveryStartSchema>;

/** What `POST /api/auth/recovery/start` answers: the questions to answer (the same ones every time). */
export const recoveryChallengeSchema = z.object({ questions: z.array(securityQuestionSchema) });
export type RecoveryChallenge = z.infer<typeof recoveryChallengeSchema>;

export const recoveryByAnswersSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  answers: z.record(z.string(), answerSchema),
  newPassword: passwordSchema,
  totp: z.string().trim().max(32).optional(),
});
export type RecoveryByAnswers = z.infer<typeof recoveryByAnswersSchema>;

export const recoveryByCodeSchema = z.object({
  username: z.string().trim().toLowerCase().min(1).max(64),
  code: z.string().trim().min(1).max(64),
  newPassword: passwordSchema,
  totp: z.string().trim().max(32).optional(),
});
export type RecoveryByCode = z.infer<typeof recoveryByCodeSchema>;

export const resetCodeSchema = z.object({ code: z.string(), expiresAt: z.string() });
export type ResetCode = z.infer<typeof resetCodeSchema>;
