import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Permission } from '@atrio/protocol';
import type { Response } from 'express';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import { ActorResolver } from './sessions/actor-resolver.service.js';
import {
  ALLOWED_WHILE_RESTRICTED,
  type AuthenticatedRequest,
  PUBLIC_ROUTE,
  REQUIRED_PERMISSIONS,
  requestOrigin,
} from '../common/auth.decorators.js';
import { assertSameOrigin, clearSessionCookie, readCredential } from './sessions/credentials-transport.js';

/**
 * The one check every REST route passes: a live session (unless @Public), no pending password
 * change or 2FA enrolment, and every permission the route names. Sockets use ActorResolver too.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: ActorResolver,
    private readonly audit: AuditService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    request.origin = requestOrigin(request);
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, targets)) return true;
    const credential = readCredential(request);
    if (!credential) throw new AppError('UNAUTHORIZED', 'Sign in first.');
    if (credential.via === 'cookie') assertSameOrigin(request);
    const resolved = await this.resolver.resolve(credential.token, request.origin.ip);
    if (!resolved) {
      if (credential.via === 'cookie') clearSessionCookie(context.switchToHttp().getResponse<Response>());
      throw new AppError('UNAUTHORIZED', 'Your session has expired or was ended; sign in again.');
    }
    request.actor = resolved.actor;
    if (
      resolved.restriction &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_WHILE_RESTRICTED, targets)
    ) {
      throw new AppError(
        resolved.restriction,
        resolved.restriction === 'PASSWORD_CHANGE_REQUIRED'
          ? 'Change your password before doing anything else.'
          : 'Your role requires two-factor authentication: set it up before doing anything else.',
      );
    }
    const required =
      this.reflector.getAllAndOverride<Permission[] | undefined>(REQUIRED_PERMISSIONS, targets) ?? [];
    const missing = required.filter((permission) => !resolved.actor.permissions.has(permission));
    if (missing.length > 0) {
      await this.audit.record({
        actor: resolved.actor,
        action: 'access.denied',
        target: `${request.method} ${request.route?.path ?? request.path}`,
        outcome: 'denied',
        details: { missing },
      });
      throw new AppError('FORBIDDEN', `This needs the ${missing.join(', ')} permission.`, { missing });
    }
    return true;
  }
}
