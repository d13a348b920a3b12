import { Inject, Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { CertificateStatus, LocalizedText } from '@atrio/protocol';
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
function brokenReason(status: CertificateStatus): LocalizedText | null {
  if (status.warning === 'expired') {
    return {
      en: `The certificate expired on ${status.validTo}.`,
      es: `El certificado caducó el ${status.validTo}.`,
    };
  }
  if (!status.keyMatches) {
    return {
      en: 'The private key does not match the certificate.',
      es: 'La clave privada no corresponde al certificado.',
    };
  }
  if (status.chainValid === false) {
    return {
      en: 'The certificate chain does not validate against ca.pem.',
      es: 'La cadena del certificado no es válida frente a ca.pem.',
    };
  }
  return null;
}

const daysEs = (days: number) => (days === 1 ? '1 día' : `${days} días`);

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
    const chain: LocalizedText =
      status.chainValid === null
        ? {
            en: 'no CA bundle to check the chain against',
            es: 'no hay paquete de CA con el que comprobar la cadena',
          }
        : { en: 'chain valid', es: 'cadena válida' };
    if (status.warning === '7_days' || status.warning === '30_days') {
      return Promise.resolve({
        status: status.warning === '7_days' ? 'failed' : 'warning',
        message: {
          en: `The certificate expires in ${status.daysLeft} day(s), on ${status.validTo}: renew it (console or "atrio cert renew").`,
          es: `El certificado caduca en ${daysEs(status.daysLeft)}, el ${status.validTo}: renovarlo (desde la consola o con «atrio cert renew»).`,
        },
        figures,
      });
    }
    return Promise.resolve({
      status: 'ok',
      message: {
        en: `The certificate is valid for ${status.daysLeft} more days; key matches; ${chain.en}.`,
        es: `El certificado es válido ${daysEs(status.daysLeft)} más; la clave corresponde; ${chain.es}.`,
      },
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
      const how: LocalizedText = status.selfSigned
        ? {
            en: 'renew the self-signed certificate (console or "atrio cert renew")',
            es: 'renovar el certificado autofirmado (desde la consola o con «atrio cert renew»)',
          }
        : {
            en: 'request a new certificate from your CA and install it (console or "atrio cert install")',
            es: 'pedir un certificado nuevo a la autoridad de certificación e instalarlo (desde la consola o con «atrio cert install»)',
          };
      return Promise.resolve({
        status: status.daysLeft < 7 ? 'failed' : 'warning',
        message: {
          en: `Renewal is due: ${status.daysLeft} day(s) left. Before the next monthly routine, ${how.en}.`,
          es: `Toca renovar: ${status.daysLeft === 1 ? 'queda 1 día' : `quedan ${status.daysLeft} días`}. Antes de la próxima rutina mensual, ${how.es}.`,
        },
        figures,
      });
    }
    return Promise.resolve({
      status: 'ok',
      message: {
        en: `No renewal needed this month: ${status.daysLeft} days left.`,
        es: `No hace falta renovar este mes: quedan ${daysEs(status.daysLeft)}.`,
      },
      figures,
    });
  }
}
