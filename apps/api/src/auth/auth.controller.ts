import { Body, Controller, Param, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  authRoutes,
  type ChangePassword,
  type LoginRequest,
  type LoginResponse,
  type SessionInfo,
  type SessionUser,
  type UpdateMySettings,
} from '@atrio/protocol';
import type { Response } from 'express';
import { Route } from '../common/route.decorator.js';
import { AccountsService } from '../users/accounts.service.js';
import type { Actor, RequestOrigin } from '../common/actor.js';
import { AllowedWhileRestricted, CurrentActor, Origin, Public } from '../common/auth.decorators.js';
import { clearSessionCookie, setSessionCookie } from './sessions/credentials-transport.js';
import { LoginService } from './login/login.service.js';
import { SessionsService } from './sessions/sessions.service.js';

@ApiTags('auth')
@Controller()
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Route(authRoutes.login)
  async signIn(
    @Body() body: LoginRequest,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    const result = await this.login.login(body, origin);
    setSessionCookie(response, result.token, new Date(result.expiresAt));
    return result;
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.logout)
  async signOut(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<void> {
    clearSessionCookie(response);
    await this.sessions.revokeOne(actor.userId, actor.sessionId, 'logout');
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.logoutAll)
  async signOutEverywhere(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    clearSessionCookie(response);
    await this.sessions.revokeAllForUser(actor.userId, 'logout everywhere');
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.me)
  me(@CurrentActor() actor: Actor): Promise<SessionUser> {
    return this.accounts.me(actor);
  }

  @Route(authRoutes.updateMe)
  updateMe(@CurrentActor() actor: Actor, @Body() body: UpdateMySettings): Promise<SessionUser> {
    return this.accounts.updateSettings(actor, body);
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.changePassword)
  changePassword(@CurrentActor() actor: Actor, @Body() body: ChangePassword): Promise<void> {
    return this.accounts.changePassword(actor, body);
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.sessions)
  mySessions(@CurrentActor() actor: Actor): Promise<SessionInfo[]> {
    return this.sessions.listForUser(actor.userId, actor.sessionId);
  }

  @AllowedWhileRestricted()
  @Route(authRoutes.endSession)
  endSession(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.sessions.revokeOne(actor.userId, id, 'ended by the user');
  }
}
