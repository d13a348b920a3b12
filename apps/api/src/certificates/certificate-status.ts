import type { CertificateStatus } from '@atrio/protocol';
import { X509Certificate, createPrivateKey } from 'node:crypto';

const DAY_MS = 86_400_000;
const PEM_BLOCK = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;
/** Longer chains than this are not real-world; the bound also stops a loop in a malformed bundle. */
const MAX_CHAIN = 10;

/** Every certificate in a PEM file, in order; blocks that do not parse are skipped. */
export function parseCertificates(pem: string): X509Certificate[] {
  const certificates: X509Certificate[] = [];
  for (const block of pem.match(PEM_BLOCK) ?? []) {
    try {
      certificates.push(new X509Certificate(block));
    } catch {
      // not a certificate: ignored, the chain check then fails if it was needed
    }
  }
  return certificates;
}

/** `DNS:name` / `IP:address` entries of the subject alternative name extension. */
export function subjectAltNames(cert: X509Certificate): string[] {
  if (!cert.subjectAltName) return [];
  return cert.subjectAltName
    .split(', ')
    .map((entry) => entry.replace(/^IP Address:/, 'IP:'))
    .filter((entry) => entry.length > 0);
}

/**
 * Issuer name and signature; not `checkIssued`, which also wants the issuer's key usage to allow
 * certificate signing, and so says no for a self-signed server certificate.
 */
function signedBy(child: X509Certificate, issuer: X509Certificate): boolean {
  return child.issuer === issuer.subject && child.verify(issuer.publicKey);
}

export function isSelfSigned(cert: X509Certificate): boolean {
  return signedBy(cert, cert);
}

/**
 * True when the leaf, through the intermediates that follow it in server.crt, is signed by one of
 * the bundle's certificates; null when there is no bundle to check against.
 */
export function chainValid(chain: X509Certificate[], bundle: X509Certificate[] | null): boolean | null {
  if (bundle === null) return null;
  let current: X509Certificate | undefined = chain[0];
  const intermediates = chain.slice(1);
  for (let step = 0; current && step < MAX_CHAIN; step++) {
    const child: X509Certificate = current;
    if (bundle.some((issuer) => signedBy(child, issuer))) return true;
    current = intermediates.find((issuer) => signedBy(child, issuer));
  }
  return false;
}

function keyMatches(cert: X509Certificate, key: string): boolean {
  try {
    return cert.checkPrivateKey(createPrivateKey(key));
  } catch {
    return false;
  }
}

function warningFor(msLeft: number, daysLeft: number): CertificateStatus['warning'] {
  if (msLeft <= 0) return 'expired';
  if (daysLeft < 7) return '7_days';
  if (daysLeft < 30) return '30_days';
  return null;
}

/** What the console shows about the served pair. `bundlePem` is `<certDir>/ca.pem`, if present. */
export function describeCertificate(
  certPem: string,
  keyPem: string,
  bundlePem: string | null,
  now: Date,
): CertificateStatus {
  const chain = parseCertificates(certPem);
  const leaf = chain[0] ?? new X509Certificate(certPem);
  const validTo = new Date(leaf.validTo);
  const msLeft = validTo.getTime() - now.getTime();
  const daysLeft = Math.floor(msLeft / DAY_MS);
  return {
    subject: leaf.subject.split('\n').join(', '),
    issuer: leaf.issuer.split('\n').join(', '),
    sans: subjectAltNames(leaf),
    validFrom: new Date(leaf.validFrom).toISOString(),
    validTo: validTo.toISOString(),
    daysLeft,
    fingerprint256: leaf.fingerprint256,
    selfSigned: isSelfSigned(leaf),
    keyMatches: keyMatches(leaf, keyPem),
    chainValid: chainValid(chain, bundlePem === null ? null : parseCertificates(bundlePem)),
    warning: warningFor(msLeft, daysLeft),
  };
}
