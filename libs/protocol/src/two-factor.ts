import { z } from 'zod';

/** The 6 digits an authenticator app shows; spaces typed for readability are ignored. */
export const totpCodeSchema = z
  .string()
  .transform((value) => value.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'must be the 6-digit code from the authenticator app'));

/** A TOTP code or a recovery code (`ABCDE-FGHJK`); the server normalises case, spaces and dashes. */
export const twoFactorCodeSchema = z.string().trim().min(1, 'is required').max(32, 'is too long');

/** `POST /api/auth/2fa/confirm` and `POST /api/auth/2fa/recovery-codes`: a current TOTP code. */
export const totpCodeRequestSchema = z.object({ code: totpCodeSchema });
export type TotpCodeRequest = z.infer<typeof totpCodeRequestSchema>;

/** `DELETE /api/auth/2fa`: a current TOTP code or an unused recovery code. */
export const disableTwoFactorSchema = z.object({ code: twoFactorCodeSchema });
export type DisableTwoFactor = z.infer<typeof disableTwoFactorSchema>;

/** `POST /api/auth/2fa/setup`: what the authenticator app needs; shown until confirmed. */
export const twoFactorSetupSchema = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  /** `data:image/svg+xml;base64,…`, usable as an <img> src. */
  qrDataUrl: z.string(),
});
export type TwoFactorSetup = z.infer<typeof twoFactorSetupSchema>;

/** Shown once; only their hashes are stored. */
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;
