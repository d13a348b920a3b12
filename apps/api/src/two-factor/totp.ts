import { generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

export const TOTP_ISSUER = 'Atrio';
/** RFC 6238's default step, the only one common authenticator apps support. */
export const TOTP_PERIOD_SECONDS = 30;

/** 20 random bytes (160 bits, RFC 4226's recommendation) as Base32. */
export function newTotpSecret(): string {
  return generateSecret();
}

export function totpUri(username: string, secret: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: username, secret, period: TOTP_PERIOD_SECONDS });
}

/** An SVG QR code as a data URL, so a client shows it with a plain <img> and no HTML injection. */
export async function qrDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}

export function looksLikeTotp(code: string): boolean {
  return /^\d{6}$/.test(code);
}

/**
 * The time step whose code `code` is, looking one step back and one ahead for clock drift and
 * typing time; null when it matches none or only steps at or before `lastUsedStep` (a replay).
 */
export async function matchTotp(
  secret: string,
  code: string,
  nowMs: number,
  lastUsedStep: number | null,
): Promise<number | null> {
  if (!looksLikeTotp(code)) return null;
  const epoch = Math.floor(nowMs / 1000);
  const newest = Math.floor(epoch / TOTP_PERIOD_SECONDS) + 1;
  // otplib throws when afterTimeStep lies beyond the window; every code in it would be a replay anyway.
  if (lastUsedStep !== null && lastUsedStep >= newest) return null;
  const result = await verify({
    secret,
    token: code,
    epoch,
    period: TOTP_PERIOD_SECONDS,
    epochTolerance: TOTP_PERIOD_SECONDS,
    afterTimeStep: lastUsedStep ?? undefined,
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
