import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Permission } from '@atrio/protocol';
import type { Request } from 'express';
import type { Actor, RequestOrigin } from './actor.js';

export const PUBLIC_ROUTE = 'atrio:public';
export const REQUIRED_PERMISSIONS = 'atrio:permissions';
/** Routes a user who must first change their password or enrol 2FA may still call. */
export const ALLOWED_WHILE_RESTRICTED = 'atrio:allowed-while-restricted';

/** No session needed (login, health, recovery). */
export const Public = () => SetMetadata(PUBLIC_ROUTE, true);

/** The caller's roles must grant every one of these permissions. */
export const RequirePermissions = (...permissions: Permission[]) =>
  SetMetadata(REQUIRED_PERMISSIONS, permissions);

export const AllowedWhileRestricted = () => SetMetadata(ALLOWED_WHILE_RESTRICTED, true);

export interface AuthenticatedRequest extends Request {
  actor?: Actor;
  origin?: RequestOrigin;
}

/** The authenticated caller; set by the auth guard. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor => {
  const actor = context.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

/** The caller's IP address and user agent. */
export const Origin = createParamDecorator((_data: unknown, context: ExecutionContext): RequestOrigin =>
  requestOrigin(context.switchToHttp().getRequest()),
);

export function requestOrigin(request: Request): RequestOrigin {
  return {
    ip: request.ip ?? request.socket.remoteAddress ?? 'unknown',
    userAgent: request.get('user-agent') ?? '',
  };
}
