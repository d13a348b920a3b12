import { X509Certificate, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { StartupError } from '../config/startup-error.js';
import { generateSelfSigned } from './self-signed.js';

export interface TlsMaterial {
  cert: string;
  key: string;
  certPath: string;
  keyPath: string;
  generated: boolean;
}

const SETTING = 'ATRIO_CERT_DIR';

/**
 * Loads server.crt / server.key from the certificate dir and checks they belong together.
 * When both are absent a self-signed pair is generated; when only one is there we refuse,
 * rather than overwrite what may be half of a real certificate.
 */
export async function loadOrCreateTls(certDir: string): Promise<TlsMaterial> {
  const certPath = join(certDir, 'server.crt');
  const keyPath = join(certDir, 'server.key');
  const hasCert = existsSync(certPath);
  const hasKey = existsSync(keyPath);
  if (!hasCert && !hasKey) {
    const pair = await generateSelfSigned();
    try {
      mkdirSync(certDir, { recursive: true });
      writeFileSync(keyPath, pair.key, { mode: 0o600 });
      chmodSync(keyPath, 0o600);
      writeFileSync(certPath, pair.cert, { mode: 0o644 });
    } catch (error) {
      throw new StartupError(SETTING, `cannot write a new certificate to ${certDir} (${errno(error)})`);
    }
    return { ...pair, certPath, keyPath, generated: true };
  }
  if (!hasCert) throw new StartupError(SETTING, `${keyPath} exists but ${certPath} is missing`);
  if (!hasKey) throw new StartupError(SETTING, `${certPath} exists but ${keyPath} is missing`);
  const cert = readText(certPath);
  const key = readText(keyPath);
  checkPair(cert, key, certPath, keyPath);
  return { cert, key, certPath, keyPath, generated: false };
}

/** Throws a StartupError unless `cert` parses, `key` parses and the key is the certificate's. */
export function checkPair(cert: string, key: string, certPath: string, keyPath: string): X509Certificate {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw new StartupError(SETTING, `${certPath} is not a readable PEM certificate`);
  }
  let privateKey;
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw new StartupError(SETTING, `${keyPath} is not a readable PEM private key (or it is encrypted)`);
  }
  if (!x509.checkPrivateKey(privateKey)) {
    throw new StartupError(SETTING, `${keyPath} does not match the certificate in ${certPath}`);
  }
  return x509;
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new StartupError(SETTING, `cannot read ${path} (${errno(error)})`);
  }
}

function errno(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}
