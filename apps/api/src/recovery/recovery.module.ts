import { Module } from '@nestjs/common';
import { AuthCoreModule } from '../auth/auth-core.module.js';
import { AuthModule } from '../auth/auth.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { UsersModule } from '../users/users.module.js';
import { RecoveryChallengeService } from './recovery-challenge.service.js';
import { RecoveryFinisher } from './recovery-finisher.service.js';
import { RecoveryController } from './recovery.controller.js';
import { RecoveryService } from './recovery.service.js';
import { ResetCodesService } from './reset-codes.service.js';
import { SecurityAnswersService } from './security-answers.service.js';

@Module({
  imports: [AuthCoreModule, AuthModule, TwoFactorModule, UsersModule],
  controllers: [RecoveryController],
  providers: [
    RecoveryChallengeService,
    RecoveryFinisher,
    RecoveryService,
    ResetCodesService,
    SecurityAnswersService,
  ],
})
export class RecoveryModule {}
