import { z } from 'zod';

/** `GET /api/admin/certificates/current`: the certificate the HTTPS port serves right now. */
export const certificateStatusSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** Subject alternative names as `DNS:name` or `IP:address`. */
  sans: z.array(z.string()),
  validFrom: z.string(),
  validTo: z.string(),
  /** Whole days until `validTo`; negative once expired. */
  daysLeft: z.number().int(),
  fingerprint256: z.string(),
  selfSigned: z.boolean(),
  keyMatches: z.boolean(),
  /** Checked against `<certDir>/ca.pem`; null when there is no such bundle. */
  chainValid: z.boolean().nullable(),
  warning: z.enum(['30_days', '7_days', 'expired']).nullable(),
});
export type CertificateStatus = z.infer<typeof certificateStatusSchema>;

/**
 * `GET /api/admin/certificates/previous`: the pair a renewal or an installation replaced, kept as
 * server.crt.bak / server.key.bak so a wrong installation can be undone.
 */
export const previousCertificateSchema = z.object({
  /** Null when no earlier pair is kept, or when its files cannot be read (`unreadable`). */
  certificate: certificateStatusSchema.nullable(),
  /** When it was set aside (the files' time); null when none is kept. */
  keptAt: z.string().nullable(),
  unreadable: z.boolean(),
});
export type PreviousCertificate = z.infer<typeof previousCertificateSchema>;

/** `POST /api/admin/certificates/renew`: `force` replaces even a certificate that is not self-signed. */
export const renewCertificateSchema = z.object({ force: z.boolean().optional() });
export type RenewCertificate = z.infer<typeof renewCertificateSchema>;

/** 64 kB is room for a leaf, several intermediates and an RSA-4096 key. */
const PEM_MAX = 65_536;

/** `POST /api/admin/certificates/install`: PEM strings as uploaded by the console. */
export const installCertificateSchema = z.object({
  cert: z.string().min(1).max(PEM_MAX),
  key: z.string().min(1).max(PEM_MAX),
});
export type InstallCertificate = z.infer<typeof installCertificateSchema>;
