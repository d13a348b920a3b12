import { X509Certificate } from 'node:crypto';
import { join } from 'node:path';
import { APP_VERSION } from './config/app-version.js';
import { localNames } from './certificates/self-signed.js';
import { SQLITE_FILE, redactUrl } from './database/data-source.js';
import type { RunningServer } from './server.js';

/** The short start-up banner: where to point a browser, where the data is, and the one-time password. */
export function printBanner(server: RunningServer): void {
  const { config, port, tls, firstAdmin } = server;
  const hosts = config.host === '0.0.0.0' || config.host === '::' ? lanHosts() : [config.host];
  const base = (host: string) => `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const cert = new X509Certificate(tls.cert);
  const lines = [
    `Atrio ${APP_VERSION} is running`,
    ...hosts.map((host, i) => `  ${i === 0 ? 'Chat:     ' : '          '}${base(host)}/`),
    `  Console:  ${base(hosts[0]!)}/admin/`,
    `  API docs: ${base(hosts[0]!)}/api/docs`,
    `  Data:     ${config.dataDir}`,
    `  Database: ${config.databaseUrl === '' ? join(config.dataDir, SQLITE_FILE) : redactUrl(config.databaseUrl)}`,
    `  Logs:     ${join(config.dataDir, 'logs')}`,
    `  TLS:      ${tls.certPath}${tls.generated ? ' (self-signed, just generated)' : ''}, valid until ${cert.validTo}`,
    `            SHA-256 ${cert.fingerprint256}`,
  ];
  if (config.configFile) lines.push(`  Config:   ${config.configFile}`);
  if (firstAdmin.generatedPassword) {
    lines.push(
      '',
      `  First administrator: user "admin", one-time password: ${firstAdmin.generatedPassword}`,
      '  It is shown only this once and must be changed at the first login.',
    );
  }
  console.log(lines.join('\n'));
}

function lanHosts(): string[] {
  const ipv4 = localNames().ips.filter((ip) => ip.includes('.') && ip !== '127.0.0.1');
  return ['localhost', ...ipv4];
}
