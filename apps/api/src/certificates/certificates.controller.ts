import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  certificateRoutes,
  type CertificateStatus,
  type InstallCertificate,
  type PreviousCertificate,
  type RenewCertificate,
} from '@atrio/protocol';
import type { Actor } from '../common/actor.js';
import { CurrentActor, RequirePermissions } from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { CertificatesService } from './certificates.service.js';

@ApiTags('admin')
@RequirePermissions('certificates.manage')
@Controller()
export class CertificatesController {
  constructor(private readonly certificates: CertificatesService) {}

  @Route(certificateRoutes.current)
  current(): CertificateStatus {
    return this.certificates.status();
  }

  @Route(certificateRoutes.renew)
  renew(@Body() body: RenewCertificate, @CurrentActor() actor: Actor): Promise<CertificateStatus> {
    return this.certificates.renewSelfSigned(actor, body);
  }

  @Route(certificateRoutes.install)
  install(@Body() body: InstallCertificate, @CurrentActor() actor: Actor): Promise<CertificateStatus> {
    return this.certificates.install(actor, body);
  }

  @Route(certificateRoutes.previous)
  previous(): PreviousCertificate {
    return this.certificates.previous();
  }

  @Route(certificateRoutes.restorePrevious)
  restorePrevious(@CurrentActor() actor: Actor): Promise<CertificateStatus> {
    return this.certificates.restorePrevious(actor);
  }
}
