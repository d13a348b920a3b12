import { z } from 'zod';

/** `GET /api/commands`: the chat commands the caller may run, for the composer's autocompletion. */
export const commandInfoSchema = z.object({
  name: z.string(),
  usage: z.string(),
  description: z.string(),
});
export type CommandInfo = z.infer<typeof commandInfoSchema>;
