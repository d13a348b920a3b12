import { z } from 'zod';
import { presenceStatusSchema } from './presence.js';

/** `GET /api/people?q=`: people to start a conversation with, by name or username. */
export const peopleQuerySchema = z.object({
  q: z.string().trim().max(80).optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});
export type PeopleQuery = z.infer<typeof peopleQuerySchema>;

/** What any member may know of a colleague: no e-mail, roles or account state. */
export const personSchema = z.object({
  id: z.number(),
  username: z.string(),
  displayName: z.string(),
  presence: presenceStatusSchema,
});
export type Person = z.infer<typeof personSchema>;

export const peopleSchema = z.object({ people: z.array(personSchema) });
export type People = z.infer<typeof peopleSchema>;
