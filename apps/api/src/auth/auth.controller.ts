import { Controller, Delete, Get, HttpCode, Param, Post, Put, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  changePasswordSchema,
  loginRequestSchema,
  updateMySettingsSchema,
  type ChangePassword,
  type LoginRequest,
  type LoginResponse,
  type SessionInfo,
  type SessionUser,
  type UpdateMySettings,
} from '@atrio/protocol';
import type { Response } from 'express';
import { ApiZodBody, ValidBody } from '../common/zod.pipe.js';
import { AccountsService } from '../users/accounts.service.js';
import type { Actor, RequestOrigin } from '../common/actor.js';
import { AllowedWhileRestricted, CurrentActor, Origin, Public } from '../common/auth.decorators.js';
import { clearSessionCookie, setSessionCookie } from './sessions/credentials-transport.js';
import { LoginService } from './login/login.service.js';
import { SessionsService } from './sessions/sessions.service.js';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly accounts: AccountsService,
    private readonly sessions: SessionsService,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiZodBody(loginRequestSchema)
  async signIn(
    @ValidBody(loginRequestSchema) body: LoginRequest,
    @Origin() origin: RequestOrigin,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginResponse> {
    const result = await this.login.login(body, origin);
    setSessionCookie(response, result.token, new Date(result.expiresAt));
    return result;
  }

  @AllowedWhileRestricted()
  @Post('logout')
  @HttpCode(204)
  async signOut(@CurrentActor() actor: Actor, @Res({ passthrough: true }) response: Response): Promise<void> {
    clearSessionCookie(response);
    await this.sessions.revokeOne(actor.userId, actor.sessionId, 'logout');
  }

  @AllowedWhileRestricted()
  @Post('logout-all')
  @HttpCode(204)
  async signOutEverywhere(
    @CurrentActor() actor: Actor,
    @Res({ passthrough: true }) response: Response,
  ): Promise<void> {
    clearSessionCookie(response);
    await this.sessions.revokeAllForUser(actor.userId, 'logout everywhere');
  }

  @AllowedWhileRestricted()
  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<SessionUser> {
    return this.accounts.me(actor);
  }

  @Put('me')
  @ApiZodBody(updateMySettingsSchema)
  updateMe(
    @CurrentActor() actor: Actor,
    @ValidBody(updateMySettingsSchema) body: UpdateMySettings,
  ): Promise<SessionUser> {
    return this.accounts.updateSettings(actor, body);
  }

  @AllowedWhileRestricted()
  @Post('password')
  @HttpCode(204)
  @ApiZodBody(changePasswordSchema)
  changePassword(
    @CurrentActor() actor: Actor,
    @ValidBody(changePasswordSchema) body: ChangePassword,
  ): Promise<void> {
    return this.accounts.changePassword(actor, body);
  }

  @AllowedWhileRestricted()
  @Get('sessions')
  mySessions(@CurrentActor() actor: Actor): Promise<SessionInfo[]> {
    return this.sessions.listForUser(actor.userId, actor.sessionId);
  }

  @AllowedWhileRestricted()
  @Delete('sessions/:id')
  @HttpCode(204)
  endSession(@CurrentActor() actor: Actor, @Param('id') id: string): Promise<void> {
    return this.sessions.revokeOne(actor.userId, id, 'ended by the user');
  }
}
