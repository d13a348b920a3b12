import { Module } from '@nestjs/common';
import { CertificatesController } from './certificates.controller.js';
import { CertificatesService } from './certificates.service.js';
import { TlsState } from './tls-state.js';

/** TlsState is exported so server.ts can attach the HTTPS server and the served pair at start. */
@Module({
  controllers: [CertificatesController],
  providers: [CertificatesService, TlsState],
  exports: [TlsState],
})
export class CertificatesModule {}
