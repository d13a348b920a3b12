import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { UsersModule } from '../users/users.module.js';
import { AuthCoreModule } from './auth-core.module.js';
import { AuthController } from './auth.controller.js';
import { AuthGuard } from './auth.guard.js';
import { LoginAttemptsService } from './login/login-attempts.service.js';
import { LoginService } from './login/login.service.js';
import { UnknownLoginsPurge } from './login/unknown-logins-purge.service.js';

@Module({
  imports: [AuthCoreModule, UsersModule, TwoFactorModule],
  controllers: [AuthController],
  providers: [
    LoginAttemptsService,
    LoginService,
    UnknownLoginsPurge,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [LoginAttemptsService],
})
export class AuthModule {}
