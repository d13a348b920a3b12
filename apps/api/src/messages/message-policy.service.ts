import { Injectable } from '@nestjs/common';
import { messageBodySchema } from '@atrio/protocol';
import { AppError } from '../common/app-error.js';
import { Clock } from '../common/clock.js';
import { SettingsService } from '../settings/settings.service.js';
import { CHAT_LIMITS } from './chat-settings.js';
import type { MessageRow } from './message.entity.js';

/** The configurable rules a message must follow: length, characters, edit window. */
@Injectable()
export class MessagePolicy {
  constructor(
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async checkBody(body: string): Promise<string> {
    const { maxBodyLength } = await this.settings.get(CHAT_LIMITS);
    if (body.length > maxBodyLength) {
      throw new AppError('MESSAGE_TOO_LONG', `A message can have at most ${maxBodyLength} characters.`, {
        maxLength: maxBodyLength,
      });
    }
    const parsed = messageBodySchema.safeParse(body);
    if (!parsed.success) {
      const problem = parsed.error.issues[0]!.message;
      throw new AppError('VALIDATION_FAILED', `The message ${problem}.`, {
        fields: [{ path: 'body', message: problem }],
      });
    }
    return body;
  }

  async assertEditable(row: MessageRow): Promise<void> {
    const { editWindowMinutes } = await this.settings.get(CHAT_LIMITS);
    if (this.clock.now().getTime() - row.createdAt.getTime() > editWindowMinutes * 60_000) {
      throw new AppError('FORBIDDEN', `Messages can only be edited for ${editWindowMinutes} minutes.`);
    }
  }
}
