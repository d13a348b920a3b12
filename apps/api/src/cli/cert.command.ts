import type { CertificateStatus } from '@atrio/protocol';
import { existsSync, readFileSync } from 'node:fs';
import type { Server } from 'node:https';
import { join } from 'node:path';
import { CertificatesService } from '../certificates/certificates.service.js';
import { TlsState } from '../certificates/tls-state.js';
import { runningServer } from '../config/server-pid-file.js';
import { operatorPath } from './cli-io.js';
import type { CliRun } from './cli-run.js';
import type { Register } from './command-kit.js';
import { CliError, EXIT } from './exit-codes.js';
import { fields } from './output.js';

/**
 * The CLI has no HTTPS listener to hot-swap: renew and install write the files (keeping the old
 * pair as .bak), and a running server keeps serving its pair until it restarts. The console and
 * the REST routes swap without a restart because they run inside the server.
 */
const NO_LISTENER = { setSecureContext: () => undefined } as unknown as Server;

export const registerCertCommands: Register = (program, act) => {
  const cert = program
    .command('cert')
    .description('the HTTPS certificate in the cert dir: status, self-signed renewal, installation');

  cert
    .command('status')
    .description('subject, names, validity, days left, key match and chain of the certificate files')
    .action(
      act(async (run) => {
        const status = (await certificates(run, false)).status();
        const healthy = status.keyMatches && status.daysLeft >= 0 && status.chainValid !== false;
        return { data: status, text: describe(status), exitCode: healthy ? EXIT.ok : EXIT.failed };
      }),
    );

  cert
    .command('renew')
    .description('replace the certificate with a new self-signed one')
    .option('--force', 'replace even a certificate that is not self-signed')
    .action(
      act(async (run, options: { force?: boolean }) => {
        const status = await (
          await certificates(run, true)
        ).renewSelfSigned(null, { force: options.force === true });
        return changed(run, status, 'Renewed the self-signed certificate.');
      }),
    );

  cert
    .command('install')
    .description('install your certificate (PEM, chain after the leaf) and its private key, checked first')
    .requiredOption('--cert <file>', 'PEM certificate file')
    .requiredOption('--key <file>', 'PEM private key file (not encrypted)')
    .action(
      act(async (run, options: { cert: string; key: string }) => {
        const upload = { cert: readInput(run, options.cert), key: readInput(run, options.key) };
        const status = await (await certificates(run, true)).install(null, upload);
        return changed(run, status, 'Installed the certificate.');
      }),
    );
};

/** The service, working on the pair in the cert dir; `writing` tolerates a missing or broken pair. */
async function certificates(run: CliRun, writing: boolean): Promise<CertificatesService> {
  const dir = run.config.certDir;
  const certPath = join(dir, 'server.crt');
  const keyPath = join(dir, 'server.key');
  const present = existsSync(certPath) && existsSync(keyPath);
  if (!present && !writing) {
    throw new CliError(
      EXIT.notFound,
      `There is no certificate pair in ${dir}; the server makes one at its first start.`,
    );
  }
  const read = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8') : '');
  const tls = await run.get(TlsState);
  tls.attach(NO_LISTENER, { cert: read(certPath), key: read(keyPath), certPath, keyPath, generated: false });
  return run.get(CertificatesService);
}

function readInput(run: CliRun, file: string): string {
  const path = operatorPath(run.io, file);
  if (!existsSync(path)) throw new CliError(EXIT.notFound, `There is no file ${path}.`);
  return readFileSync(path, 'utf8');
}

function changed(run: CliRun, status: CertificateStatus, done: string) {
  const server = runningServer(run.config.dataDir);
  const next = server
    ? `The running server (pid ${server.pid}) keeps serving the previous certificate until it restarts.\n` +
      'Restart it (e.g. systemctl restart atrio), or next time use the console, which swaps without a restart.\n'
    : 'The server will serve it when it starts.\n';
  return {
    data: { ...status, restartRequired: server !== null },
    text: `${done} The previous pair is kept as server.crt.bak / server.key.bak.\n${describe(status)}${next}`,
  };
}

function describe(s: CertificateStatus): string {
  const warning = {
    '30_days': 'expires within 30 days',
    '7_days': 'expires within 7 days',
    expired: 'EXPIRED',
  };
  return fields([
    ['subject', s.subject],
    ['names', s.sans.join(', ')],
    ['issuer', s.selfSigned ? `${s.issuer} (self-signed)` : s.issuer],
    ['valid', `${s.validFrom} to ${s.validTo}`],
    ['days left', s.daysLeft],
    ['fingerprint', s.fingerprint256],
    ['key matches', s.keyMatches ? 'yes' : 'NO'],
    ['chain', s.chainValid === null ? 'no ca.pem to check against' : s.chainValid ? 'valid' : 'INVALID'],
    ['warning', s.warning === null ? 'none' : warning[s.warning]],
  ]);
}
