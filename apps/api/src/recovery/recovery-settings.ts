import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const RECOVERY_SETTINGS = defineSetting(
  'security.recovery',
  z.object({
    questionsEnabled: z.boolean(),
    questionsAsked: z.number().int().min(2).max(3),
    resetCodeHours: z
      .number()
      .int()
      .min(1)
      .max(7 * 24),
  }),
  { questionsEnabled: true, questionsAsked: 2, resetCodeHours: 24 },
  'Self-service recovery by security questions (on/off, how many are asked), and how long an administrator’s reset code stays valid.',
);
