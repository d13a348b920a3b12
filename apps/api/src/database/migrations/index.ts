import { CreateUsers1764400000000 } from './1764400000000-create-users.js';

/** Listed explicitly: globs find nothing when Vitest runs the .ts sources (TOOLCHAIN P11). */
export const MIGRATIONS = [CreateUsers1764400000000];
