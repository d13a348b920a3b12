import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const CONNECTION_LIMITS = defineSetting(
  'network.connections',
  z.object({
    maxPerAddress: z.number().int().min(1).max(100_000),
    maxTotal: z.number().int().min(10).max(1_000_000),
    firstRequestSeconds: z.number().int().min(1).max(300),
  }),
  // Below the usual 20 000 open-file limit, leaving room for the database, logs and backups. One
  // address behind a NAT or a reverse proxy may carry many people: raise maxPerAddress there.
  { maxPerAddress: 1000, maxTotal: 15_000, firstRequestSeconds: 15 },
  'Open connections allowed from one address and in total; a connection that has not sent a complete first request within firstRequestSeconds (TLS handshake and headers included) is closed.',
);
export type ConnectionLimits = z.infer<typeof CONNECTION_LIMITS.schema>;
