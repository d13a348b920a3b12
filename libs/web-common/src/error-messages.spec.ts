import { ERROR_STATUS, type ErrorCode } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error.js';
import { describeError, ERROR_MESSAGES, errorMessage } from './error-messages.js';
import { LANGUAGES } from './language.js';

const codes = Object.keys(ERROR_STATUS) as ErrorCode[];

describe('error messages', () => {
  it('have a Spanish and an English sentence for every error code of the contract', () => {
    expect(Object.keys(ERROR_MESSAGES).sort()).toEqual([...codes].sort());
    for (const code of codes) {
      for (const language of LANGUAGES) {
        expect(ERROR_MESSAGES[code][language].trim().length, `${code} ${language}`).toBeGreaterThan(10);
      }
      expect(ERROR_MESSAGES[code].es, code).not.toBe(ERROR_MESSAGES[code].en);
    }
  });

  it('add the wait when the server gave one', () => {
    expect(errorMessage('RATE_LIMITED', 'es', 30)).toBe(
      'Demasiadas solicitudes seguidas. Espera un momento. Vuelve a intentarlo en 30 s.',
    );
    expect(errorMessage('ACCOUNT_LOCKED', 'en', 900)).toMatch(/Try again in 15 min\.$/);
  });

  it('describe an ApiError, a socket ack error and anything else', () => {
    expect(describeError(new ApiError(403, 'MUTED', 'muted'), 'en')).toBe(ERROR_MESSAGES.MUTED.en);
    expect(
      describeError({ code: 'RATE_LIMITED', message: 'x', details: { retryAfterSeconds: 2 } }, 'es'),
    ).toBe('Demasiadas solicitudes seguidas. Espera un momento. Vuelve a intentarlo en 2 s.');
    expect(describeError(new TypeError('boom'), 'es')).toBe(ERROR_MESSAGES.INTERNAL.es);
    // A code from a newer server than this client: still a sentence, never undefined.
    expect(describeError({ code: 'SOMETHING_NEW' }, 'en')).toBe(ERROR_MESSAGES.INTERNAL.en);
  });
});
