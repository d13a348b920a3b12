// @peculiar/x509 resolves its services through tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';
import { hostname, networkInterfaces } from 'node:os';

// @peculiar/x509 is typed against the DOM Crypto; Node's webcrypto is the same API.
x509.cryptoProvider.set(webcrypto as never);

const VALIDITY_DAYS = 365;

/** Every name a LAN client may use to reach this machine: localhost, the host name and each local IP. */
export function localNames(): { dns: string[]; ips: string[] } {
  const dns = [...new Set(['localhost', hostname()].filter((name) => name.length > 0))];
  const ips = new Set(['127.0.0.1', '::1']);
  for (const addresses of Object.values(networkInterfaces())) {
    for (const address of addresses ?? []) ips.add(address.address.split('%')[0]!);
  }
  return { dns, ips: [...ips] };
}

/** Generates an EC P-256 / SHA-256 self-signed server certificate; returns PEM strings. */
export async function generateSelfSigned(
  names = localNames(),
  now = new Date(),
): Promise<{ cert: string; key: string }> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const notAfter = new Date(now.getTime() + VALIDITY_DAYS * 86_400_000);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(16)))
      .toString('hex')
      .replace(/^[89a-f]/, '1'),
    name: `CN=${names.dns[1] ?? 'localhost'}, O=Atrio self-signed`,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter,
    signingAlgorithm: algorithm,
    keys: keys as Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'],
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        ...names.dns.map((value) => ({ type: 'dns' as const, value })),
        ...names.ips.map((value) => ({ type: 'ip' as const, value })),
      ]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return { cert: cert.toString('pem'), key };
}
