import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { passwordSchema } from './auth.js';
import { PASSWORD_MAX_LENGTH, SECURITY_QUESTIONS } from './constants.js';
import { securityQuestionSchema } from './recovery.js';

describe('the zod-free constants', () => {
  it('import nothing, so a browser bundle may take them by value without zod', () => {
    const source = readFileSync(new URL('./constants.ts', import.meta.url), 'utf8');
    expect(source).not.toMatch(/^\s*import\s/m);
    expect(source).not.toMatch(/\brequire\(/);
  });

  it('are what the schemas enforce', () => {
    expect(securityQuestionSchema.options).toEqual([...SECURITY_QUESTIONS]);
    const long = 'x'.repeat(PASSWORD_MAX_LENGTH);
    expect(passwordSchema.safeParse(long).success).toBe(true);
    expect(passwordSchema.safeParse(`${long}x`).success).toBe(false);
  });
});
