import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const SCRAPE_TOKEN = defineSetting(
  'monitoring.scrapeToken',
  z.union([z.literal(''), z.string().min(32, 'must be at least 32 characters (or empty to disable)')]),
  '',
  'A Prometheus server may read GET /metrics with "Authorization: Bearer <this token>". At least 32 characters; empty disables it.',
);
