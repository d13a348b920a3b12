import { Injectable } from '@nestjs/common';
import type { SecurityQuestion } from '@atrio/protocol';
import { DataSource } from 'typeorm';
import { AppError } from '../common/app-error.js';
import { ServerSecretsService } from '../secrets/server-secrets.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { User } from '../users/user.entity.js';
import { ALL_QUESTIONS, questionsToAsk } from './answers.js';
import { RECOVERY_SETTINGS } from './recovery-settings.js';
import { SecurityAnswer } from './security-answer.entity.js';

export interface Challenge {
  user: User | null;
  questions: SecurityQuestion[];
  /** The stored answers to those questions; empty when the name is unknown or has none set. */
  answers: SecurityAnswer[];
}

/** Which questions a recovery asks. Unknown names get questions too, so the answer reveals nothing. */
@Injectable()
export class RecoveryChallengeService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly settings: SettingsService,
    private readonly secrets: ServerSecretsService,
  ) {}

  async challenge(username: string): Promise<Challenge> {
    const policy = await this.settings.get(RECOVERY_SETTINGS);
    if (!policy.questionsEnabled) {
      throw new AppError(
        'FORBIDDEN',
        'Recovery by security questions is turned off here; ask IT for a reset code.',
      );
    }
    const secret = await this.secrets.get('recovery-questions');
    const user = await this.dataSource.getRepository(User).findOneBy({ username });
    const stored = user
      ? await this.dataSource.getRepository(SecurityAnswer).findBy({ userId: user.id })
      : [];
    if (!user || stored.length < policy.questionsAsked) {
      return {
        user,
        questions: questionsToAsk(secret, `name:${username}`, ALL_QUESTIONS, policy.questionsAsked),
        answers: [],
      };
    }
    const available = stored.map((answer) => answer.question as SecurityQuestion);
    const questions = questionsToAsk(secret, `user:${user.id}`, available, policy.questionsAsked);
    return {
      user,
      questions,
      answers: stored.filter((answer) => questions.includes(answer.question as SecurityQuestion)),
    };
  }
}
