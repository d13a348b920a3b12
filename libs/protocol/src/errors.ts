import { z } from 'zod';

/** Every error code a REST answer or socket ack may carry (CONTRACT.md), with its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  INVALID_CREDENTIALS: 401,
  TOTP_REQUIRED: 401,
  FORBIDDEN: 403,
  ACCOUNT_DISABLED: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  TWO_FACTOR_ENROLMENT_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  ACCOUNT_LOCKED: 423,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  /** A stored encrypted value failed its integrity check or its key is not in the key ring. */
  DECRYPTION_FAILED: 500,
  UNAVAILABLE: 503,
  UNKNOWN_COMMAND: 400,
  MESSAGE_TOO_LONG: 400,
  MUTED: 403,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const errorCodeSchema = z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]);

export const errorBodySchema = z.object({
  error: z.object({
    code: errorCodeSchema,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});

export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The `details` of VALIDATION_FAILED: every bad field, its path dotted (`answers.0.answer`). */
export const validationDetailsSchema = z.object({
  fields: z.array(z.object({ path: z.string(), message: z.string() })),
});
export type ValidationDetails = z.infer<typeof validationDetailsSchema>;

/** The `details` of RATE_LIMITED and ACCOUNT_LOCKED. */
export const retryDetailsSchema = z.object({ retryAfterSeconds: z.number().int().nonnegative() });
