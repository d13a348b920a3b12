import { Injectable } from '@nestjs/common';
import type {
  CertificateStatus,
  InstallCertificate,
  PreviousCertificate,
  RenewCertificate,
} from '@atrio/protocol';
import type { X509Certificate } from 'node:crypto';
import type { Actor } from '../common/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { StartupError } from '../config/startup-error.js';
import { readCaBundle, readPreviousPair, writePair } from './certificate-files.js';
import {
  describeCertificate,
  isSelfSigned,
  parseCertificates,
  subjectAltNames,
} from './certificate-status.js';
import { generateSelfSigned } from './self-signed.js';
import { checkPair } from './tls-material.js';
import { TlsState } from './tls-state.js';

type RefusalReason = 'unreadable' | 'key_mismatch' | 'expired' | 'not_yet_valid' | 'no_subject_alt_names';

/** Status, self-signed renewal and installation of the HTTPS certificate, hot-swapped without a restart. */
@Injectable()
export class CertificatesService {
  /** Renewals and installs run one at a time: each writes the same four files. */
  private changing: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly tls: TlsState,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  status(): CertificateStatus {
    const { cert, key } = this.tls.current;
    return describeCertificate(cert, key, readCaBundle(this.tls.certDir), this.clock.now());
  }

  renewSelfSigned(actor: Actor | null, { force = false }: RenewCertificate = {}): Promise<CertificateStatus> {
    return this.serially(async () => {
      const [leaf] = parseCertificates(this.tls.current.cert);
      if (leaf && !isSelfSigned(leaf) && !force) {
        throw new AppError(
          'CONFLICT',
          'The server has a certificate that is not self-signed; renewing would replace it. Send force: true to do so anyway.',
          { fingerprint256: leaf.fingerprint256 },
        );
      }
      const pair = await generateSelfSigned(undefined, this.clock.now());
      this.replace(pair);
      const status = this.status();
      await this.audit.record({
        actor,
        action: 'certificate.renewed',
        outcome: 'success',
        details: { fingerprint256: status.fingerprint256, previous: leaf?.fingerprint256, forced: force },
      });
      return status;
    });
  }

  install(actor: Actor | null, upload: InstallCertificate): Promise<CertificateStatus> {
    return this.serially(async () => {
      const leaf = await this.validateUpload(actor, upload);
      const replaced = parseCertificates(this.tls.current.cert)[0]?.fingerprint256;
      this.replace(upload);
      const status = this.status();
      await this.audit.record({
        actor,
        action: 'certificate.installed',
        outcome: 'success',
        details: {
          fingerprint256: leaf.fingerprint256,
          subject: status.subject,
          validTo: status.validTo,
          replaced,
        },
      });
      return status;
    });
  }

  /** The pair the last renewal or installation set aside, as the console shows it. */
  previous(): PreviousCertificate {
    const pair = readPreviousPair(this.tls.certDir);
    if (!pair) return { certificate: null, keptAt: null, unreadable: false };
    const keptAt = pair.keptAt.toISOString();
    try {
      const certificate = describeCertificate(
        pair.cert,
        pair.key,
        readCaBundle(this.tls.certDir),
        this.clock.now(),
      );
      return { certificate, keptAt, unreadable: false };
    } catch {
      return { certificate: null, keptAt, unreadable: true };
    }
  }

  /**
   * Serves the previous pair again (undoing a wrong installation), checked like an upload; the
   * pair served until now becomes the previous one, so a second restore undoes the first.
   */
  restorePrevious(actor: Actor | null): Promise<CertificateStatus> {
    return this.serially(async () => {
      const pair = readPreviousPair(this.tls.certDir);
      if (!pair)
        throw new AppError(
          'NOT_FOUND',
          'No earlier certificate is kept: nothing was renewed or installed here.',
        );
      const leaf = await this.validateUpload(actor, pair, 'certificate.restore_refused', 'restored');
      const replaced = parseCertificates(this.tls.current.cert)[0]?.fingerprint256;
      this.replace(pair);
      const status = this.status();
      await this.audit.record({
        actor,
        action: 'certificate.restored',
        outcome: 'success',
        details: { fingerprint256: leaf.fingerprint256, validTo: status.validTo, replaced },
      });
      return status;
    });
  }

  /** The leaf certificate of an acceptable pair; anything else is refused, audited, and changes nothing. */
  private async validateUpload(
    actor: Actor | null,
    { cert, key }: InstallCertificate,
    refusal = 'certificate.install_refused',
    verb = 'installed',
  ): Promise<X509Certificate> {
    let leaf: X509Certificate | undefined;
    const refuse = async (reason: RefusalReason, message: string): Promise<never> => {
      await this.audit.record({
        actor,
        action: refusal,
        outcome: 'failure',
        details: { reason, fingerprint256: leaf?.fingerprint256 },
      });
      throw new AppError('VALIDATION_FAILED', `The certificate was not ${verb}: ${message}.`, { reason });
    };
    try {
      leaf = checkPair(cert, key, 'the uploaded certificate', 'the uploaded key');
    } catch (error) {
      if (!(error instanceof StartupError)) throw error;
      const mismatch = error.problem.includes('does not match');
      return refuse(mismatch ? 'key_mismatch' : 'unreadable', error.problem);
    }
    const now = this.clock.now().getTime();
    if (new Date(leaf.validTo).getTime() <= now) {
      return refuse('expired', `it expired on ${new Date(leaf.validTo).toISOString()}`);
    }
    if (new Date(leaf.validFrom).getTime() > now) {
      return refuse('not_yet_valid', `it is not valid before ${new Date(leaf.validFrom).toISOString()}`);
    }
    if (subjectAltNames(leaf).length === 0) {
      return refuse(
        'no_subject_alt_names',
        'it names no host (no subject alternative names), so browsers would reject it',
      );
    }
    return leaf;
  }

  /** Files first (with the served pair kept as .bak), then the live server: a write error changes nothing served. */
  private replace(pair: { cert: string; key: string }): void {
    const previous = this.tls.current;
    writePair(this.tls.certDir, pair, { cert: previous.cert, key: previous.key });
    this.tls.swap(pair.cert, pair.key);
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const result = this.changing.then(task);
    this.changing = result.catch(() => undefined);
    return result;
  }
}
