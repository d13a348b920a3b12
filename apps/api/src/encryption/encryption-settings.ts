import { z } from 'zod';
import { defineSetting } from '../settings/setting-definition.js';

export const ENCRYPT_MESSAGE_BODIES = defineSetting(
  'encryption.messageBodies',
  z.boolean(),
  false,
  'Encrypt message bodies at rest (AES-256-GCM, key ring in the data dir). While on, new messages are stored encrypted and existing ones are encrypted in the background; full-text search cannot see encrypted messages. Turning it off again leaves encrypted messages encrypted (still readable).',
);
