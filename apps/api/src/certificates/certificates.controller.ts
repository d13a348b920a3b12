import { Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  type CertificateStatus,
  type InstallCertificate,
  installCertificateSchema,
  type RenewCertificate,
  renewCertificateSchema,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { ApiZodBody, ValidBody } from '../common/zod.pipe.js';
import { CertificatesService } from './certificates.service.js';

@ApiTags('admin')
@Controller('admin/certificates')
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Get('current')
  @RequirePermissions('certificates.manage')
  current(): CertificateStatus {
    return this.certificates.status();
  }

  @Post('renew')
  @HttpCode(200)
  @RequirePermissions('certificates.manage')
  @ApiZodBody(renewCertificateSchema)
  renew(
    @ValidBody(renewCertificateSchema) body: RenewCertificate,
    @CurrentActor() actor: Actor,
  ): Promise<CertificateStatus> {
    return this.certificates.renewSelfSigned(actor, body);
  }

  @Post('install')
  @HttpCode(200)
  @RequirePermissions('certificates.manage')
  @ApiZodBody(installCertificateSchema)
  install(
    @ValidBody(installCertificateSchema) body: InstallCertificate,
    @CurrentActor() actor: Actor,
  ): Promise<CertificateStatus> {
    return this.certificates.install(actor, body);
  }
}
