import { Controller, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  recoveryByAnswersSchema,
  recoveryByCodeSchema,
  recoveryStartSchema,
  SECURITY_QUESTIONS,
  setSecurityAnswersSchema,
  type RecoveryByAnswers,
  type RecoveryByCode,
  type RecoveryChallenge,
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
import { IdPipe } from '../common/id.pipe.js';
import { ApiZodBody, ValidBody } from '../common/zod.pipe.js';
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
  @Get('auth/security-questions/catalogue')
  catalogue(): { questions: readonly SecurityQuestion[] } {
    return { questions: SECURITY_QUESTIONS };
  }

  @AllowedWhileRestricted()
  @Get('auth/security-questions')
  mine(@CurrentActor() actor: Actor): Promise<{ questions: SecurityQuestion[] }> {
    return this.answers.questions(actor);
  }

  @AllowedWhileRestricted()
  @Put('auth/security-questions')
  @ApiZodBody(setSecurityAnswersSchema)
  setMine(
    @CurrentActor() actor: Actor,
    @ValidBody(setSecurityAnswersSchema) body: SetSecurityAnswers,
  ): Promise<{ questions: SecurityQuestion[] }> {
    return this.answers.set(actor, body);
  }

  @Public()
  @Post('auth/recovery/start')
  @HttpCode(200)
  @ApiZodBody(recoveryStartSchema)
  start(@ValidBody(recoveryStartSchema) body: { username: string }): Promise<RecoveryChallenge> {
    return this.recovery.start(body.username);
  }

  @Public()
  @Post('auth/recovery/answers')
  @HttpCode(204)
  @ApiZodBody(recoveryByAnswersSchema)
  byAnswers(
    @ValidBody(recoveryByAnswersSchema) body: RecoveryByAnswers,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.recovery.byAnswers(body, origin);
  }

  @Public()
  @Post('auth/recovery/code')
  @HttpCode(204)
  @ApiZodBody(recoveryByCodeSchema)
  byCode(
    @ValidBody(recoveryByCodeSchema) body: RecoveryByCode,
    @Origin() origin: RequestOrigin,
  ): Promise<void> {
    return this.recovery.byResetCode(body, origin);
  }

  @Post('admin/users/:id/reset-code')
  @HttpCode(201)
  @RequirePermissions('users.manage')
  issueResetCode(@CurrentActor() actor: Actor, @Param('id', IdPipe) id: number): Promise<ResetCode> {
    return this.resetCodes.issue(actor, id);
  }
}
