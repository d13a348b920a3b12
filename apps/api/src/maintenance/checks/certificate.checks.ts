import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { CertificateStatus } from '@atrio/protocol';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCaBundle } from '../../certificates/certificate-files.js';
import { describeCertificate } from '../../certificates/certificate-status.js';
import { CertificatesService } from '../../certificates/certificates.service.js';
import { TlsState } from '../../certificates/tls-state.js';
import { Clock } from '../../common/clock.js';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import { lazyService } from './lazy-service.js';
import type { CheckResult, RoutineCheck } from './routine-check.js';

/** The monthly routine asks for renewal while there is still a month of margin after the next one. */
export const RENEWAL_HORIZON_DAYS = 60;

/**
 * The served certificate's status. Outside the HTTPS server (the admin CLI) nothing is served, so
 * the files in the certificate folder are read instead.
 */
@Injectable()
export class CertificateReader {
  private readonly certificates: () => CertificatesService | null;
  private readonly tls: () => TlsState | null;

  constructor(
    moduleRef: ModuleRef,
    private readonly clock: Clock,
    @Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'certDir'>,
  ) {
    this.certificates = lazyService(moduleRef, CertificatesService);
    this.tls = lazyService(moduleRef, TlsState);
  }

  status(): CertificateStatus {
    const served = this.certificates();
    if (served && this.serving()) return served.status();
    const { certDir } = this.config;
    const cert = readFileSync(join(certDir, 'server.crt'), 'utf8');
    const key = readFileSync(join(certDir, 'server.key'), 'utf8');
    return describeCertificate(cert, key, readCaBundle(certDir), this.clock.now());
  }

  private serving(): boolean {
    try {
      return this.tls()?.current !== undefined;
    } catch {
      return false; // TlsState throws until server.ts attaches what it serves
    }
  }
}

function figuresOf(status: CertificateStatus) {
  return {
    subject: status.subject,
    validTo: status.validTo,
    daysLeft: status.daysLeft,
    selfSigned: status.selfSigned,
    keyMatches: status.keyMatches,
    chainValid: status.chainValid,
    fingerprint256: status.fingerprint256,
  };
}

/** Broken now: expired, a key that does not match, or a chain the CA bundle does not validate. */
function brokenReason(status: CertificateStatus): string | null {
  if (status.warning === 'expired') return `The certificate expired on ${status.validTo}.`;
  if (!status.keyMatches) return 'The private key does not match the certificate.';
  if (status.chainValid === false) return 'The certificate chain does not validate against ca.pem.';
  return null;
}

/** §8.2 "Verificación de certificados": fails at 7 days left or when broken, warns at 30. */
@Injectable()
export class CertificateValidityCheck implements RoutineCheck {
  readonly id = 'certificate.validity';

  constructor(private readonly reader: CertificateReader) {}

  run(): Promise<CheckResult> {
    const status = this.reader.status();
    const figures = figuresOf(status);
    const broken = brokenReason(status);
    if (broken) return Promise.resolve({ status: 'failed', message: broken, figures });
    const chain = status.chainValid === null ? 'no CA bundle to check the chain against' : 'chain valid';
    if (status.warning === '7_days' || status.warning === '30_days') {
      return Promise.resolve({
        status: status.warning === '7_days' ? 'failed' : 'warning',
        message: `The certificate expires in ${status.daysLeft} day(s), on ${status.validTo}: renew it (console or "atrio cert renew").`,
        figures,
      });
    }
    return Promise.resolve({
      status: 'ok',
      message: `The certificate is valid for ${status.daysLeft} more days; key matches; ${chain}.`,
      figures,
    });
  }
}

/** §8.3 "Renovación de certificados SSL": is renewal due before next month's routine? */
@Injectable()
export class CertificateRenewalCheck implements RoutineCheck {
  readonly id = 'certificate.renewal';

  constructor(private readonly reader: CertificateReader) {}

  run(): Promise<CheckResult> {
    const status = this.reader.status();
    const figures = { ...figuresOf(status), renewalHorizonDays: RENEWAL_HORIZON_DAYS };
    const broken = brokenReason(status);
    if (broken) return Promise.resolve({ status: 'failed', message: broken, figures });
    if (status.daysLeft < RENEWAL_HORIZON_DAYS) {
      const how = status.selfSigned
        ? 'renew the self-signed certificate (console or "atrio cert renew")'
        : 'request a new certificate from your CA and install it (console or "atrio cert install")';
      return Promise.resolve({
        status: status.daysLeft < 7 ? 'failed' : 'warning',
        message: `Renewal is due: ${status.daysLeft} day(s) left. Before the next monthly routine, ${how}.`,
        figures,
      });
    }
    return Promise.resolve({
      status: 'ok',
      message: `No renewal needed this month: ${status.daysLeft} days left.`,
      figures,
    });
  }
}
