import { z } from 'zod';

/** react-admin "simple REST" list parameters, as JSON strings in the query. */
export const listQuerySchema = z.object({
  sort: z.string().optional(),
  range: z.string().optional(),
  filter: z.string().optional(),
});

export type ListQuery = z.infer<typeof listQuerySchema>;
