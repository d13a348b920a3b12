import { Body, Controller, Param } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  recoveryRoutes,
  SECURITY_QUESTIONS,
  type RecoveryByAnswers,
  type RecoveryByCode,
  type RecoveryChallenge,
  type RecoveryStart,
  type ResetCode,
  type SecurityQuestion,
  type SetSecurityAnswers,
} from '@atrio/protocol';
import type { Actor, RequestOrigin } from '../common/actor.js';
import {
  AllowedWhileRestricted,
  CurrentActor,
  Origin,
  Public,
  RequirePermissions,
} from '../common/auth.decorators.js';
import { Route } from '../common/route.decorator.js';
import { RecoveryService } from './recovery.service.js';
import { ResetCodesService } from './reset-codes.service.js';
import { SecurityAnswersService } from './security-answers.service.js';

@ApiTags('auth: recovery')
@Controller()
export class RecoveryController {
  constructor(
    private readonly recovery: RecoveryService,
    private readonly answers: SecurityAnswersService,
    private readonly resetCodes: ResetCodesService,
  ) {}

  @Public()
  @Route(recoveryRoutes.catalogue)
  catalogue(): { questions: readonly SecurityQuestion[] } {
    return { questions: SECURITY_QUESTIONS };
  }

  @AllowedWhileRestricted()
  @Route(recoveryRoutes.mine)
  mine(@CurrentActor() actor: Actor): Promise<{ questions: SecurityQuestion[] }> {
    return this.answers.questions(actor);
  }

  @AllowedWhileRestricted()
  @Route(recoveryRoutes.setMine)
  setMine(
    @CurrentActor() actor: Actor,
    @Body() body: SetSecurityAnswers,
  ): Promise<{ questions: SecurityQuestion[] }> {
    return this.answers.set(actor, body);
  }

  @Public()
  @Route(recoveryRoutes.start)
  start(@Body() body: RecoveryStart): Promise<RecoveryChallenge> {
    return this.recovery.start(body.username);
  }

  @Public()
  @Route(recoveryRoutes.byAnswers)
  byAnswers(@Body() body: RecoveryByAnswers, @Origin() origin: RequestOrigin): Promise<void> {
    return this.recovery.byAnswers(body, origin);
  }

  @Public()
  @Route(recoveryRoutes.byCode)
  byCode(@Body() body: RecoveryByCode, @Origin() origin: RequestOrigin): Promise<void> {
    return this.recovery.byResetCode(body, origin);
  }

  @Route(recoveryRoutes.issueResetCode)
  @RequirePermissions('users.manage')
  issueResetCode(@CurrentActor() actor: Actor, @Param('id') id: number): Promise<ResetCode> {
    return this.resetCodes.issue(actor, id);
  }
}
