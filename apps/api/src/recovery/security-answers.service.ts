import { Injectable } from '@nestjs/common';
import type { SecurityQuestion, SetSecurityAnswers } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../common/actor.js';
import { PasswordVerifier } from '../auth/passwords/password-verifier.js';
import { AppError } from '../common/app-error.js';
import { User } from '../users/user.entity.js';
import { normaliseAnswer } from './answers.js';
import { SecurityAnswer } from './security-answer.entity.js';

/** A user's own security answers: set (confirmed by the password) and listed (questions only). */
@Injectable()
export class SecurityAnswersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly verifier: PasswordVerifier,
    private readonly audit: AuditService,
  ) {}

  async questions(actor: Actor): Promise<{ questions: SecurityQuestion[] }> {
    const answers = await this.dataSource.getRepository(SecurityAnswer).findBy({ userId: actor.userId });
    return { questions: answers.map((answer) => answer.question as SecurityQuestion).sort() };
  }

  async set(actor: Actor, input: SetSecurityAnswers): Promise<{ questions: SecurityQuestion[] }> {
    const user = await this.dataSource.getRepository(User).findOneByOrFail({ id: actor.userId });
    if (!(await this.verifier.verify(user.passwordHash, input.currentPassword))) {
      throw new AppError('VALIDATION_FAILED', 'The current password is not correct.', {
        fields: [{ path: 'currentPassword', message: 'is not correct' }],
      });
    }
    const normalised = input.answers.map((a) => ({
      question: a.question,
      answer: normaliseAnswer(a.answer),
    }));
    const tooShort = normalised.filter((a) => a.answer.length < 2);
    if (tooShort.length > 0) {
      throw new AppError('VALIDATION_FAILED', 'Some answers have too few letters or digits.', {
        fields: tooShort.map((a) => ({
          path: `answers.${a.question}`,
          message: 'needs at least two letters or digits',
        })),
      });
    }
    const rows: Array<Omit<SecurityAnswer, 'id' | 'user'>> = [];
    for (const { question, answer } of normalised) {
      rows.push({
        userId: user.id,
        question,
        answerHash: await this.verifier.hash(answer),
        createdAt: new Date(),
      });
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(SecurityAnswer).delete({ userId: user.id });
      await manager.getRepository(SecurityAnswer).insert(rows);
    });
    await this.audit.record({
      actor,
      action: 'user.security_answers.set',
      target: `user:${user.id}`,
      outcome: 'success',
      details: { questions: normalised.map((a) => a.question) },
    });
    return this.questions(actor);
  }
}
