import { User } from '../users/user.entity.js';

/** Every entity of every feature; the migrations must produce exactly this schema (see schema.int-spec.ts). */
export const ENTITIES = [User];
