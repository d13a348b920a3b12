import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { AuditService } from '../audit/audit.service.js';
import { AppError } from '../common/app-error.js';
import type { AuthenticatedRequest } from '../common/auth.decorators.js';
import { RolesService } from '../roles/roles.service.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const ACCOUNT_ROUTE = /^\/api\/admin\/users\/:id(\/|$)/;

/** The account a request changes: `POST|PUT|PATCH|DELETE /api/admin/users/:id[/…]`, or null. */
export function accountTarget(
  request: Pick<AuthenticatedRequest, 'method' | 'route' | 'params'>,
): number | null {
  if (SAFE_METHODS.has(request.method)) return null;
  const path = (request.route as { path?: unknown } | undefined)?.path;
  if (typeof path !== 'string' || !ACCOUNT_ROUTE.test(path)) return null;
  const id = Number(request.params.id);
  return Number.isSafeInteger(id) && id > 0 ? id : null; // a malformed id is the route's IdPipe's to refuse
}

/**
 * "Nobody acts on an account holding permissions they lack" — profile and e-mail, status in both
 * directions, roles, password and 2FA resets, recovery codes, unlock, sessions, deletion. Enforced
 * here for every route under `/api/admin/users/:id` rather than by one call per route, so a new
 * account action cannot forget it. Runs after the auth guard (interceptors follow guards), so the
 * actor is known. The CLI acts as the system and does not come through here.
 */
@Injectable()
export class AccountActionsInterceptor implements NestInterceptor {
  constructor(
    private readonly roles: RolesService,
    private readonly audit: AuditService,
  ) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    if (context.getType() === 'http') {
      const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
      const target = accountTarget(request);
      if (target !== null && request.actor) {
        try {
          await this.roles.assertCanManage(request.actor, target);
        } catch (error) {
          if (error instanceof AppError) {
            await this.audit.record({
              actor: request.actor,
              action: 'access.denied',
              target: `user:${target}`,
              outcome: 'denied',
              details: {
                route: `${request.method} ${request.route?.path as string}`,
                reason: 'target holds more',
              },
            });
          }
          throw error;
        }
      }
    }
    return next.handle();
  }
}
