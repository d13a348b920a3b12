import { Module } from '@nestjs/common';
import { RolesModule } from '../roles/roles.module.js';
import { TwoFactorModule } from '../two-factor/two-factor.module.js';
import { ActorResolver } from './sessions/actor-resolver.service.js';
import { PasswordVerifier } from './passwords/password-verifier.js';
import { SessionActivity } from './sessions/session-activity.service.js';
import { SessionsService } from './sessions/sessions.service.js';

/** Sessions, password hashing and token → actor resolution: what REST, sockets and accounts share. */
@Module({
  imports: [RolesModule, TwoFactorModule],
  providers: [SessionsService, SessionActivity, PasswordVerifier, ActorResolver],
  exports: [SessionsService, SessionActivity, PasswordVerifier, ActorResolver],
})
export class AuthCoreModule {}
