import type { ErrorCode } from '@atrio/protocol';
import { isApiError } from './api-error.js';
import type { Language } from './language.js';

type Texts = Record<Language, string>;

/** What each error code means to the person who caused it, in both languages of the product. */
export const ERROR_MESSAGES = {
  VALIDATION_FAILED: {
    es: 'Algunos datos faltan o no son válidos.',
    en: 'Some fields are missing or invalid.',
  },
  UNAUTHORIZED: {
    es: 'Tu sesión ha terminado. Vuelve a iniciar sesión.',
    en: 'Your session has ended. Please sign in again.',
  },
  INVALID_CREDENTIALS: {
    es: 'El usuario o la contraseña no son correctos.',
    en: 'The username or password is incorrect.',
  },
  TOTP_REQUIRED: {
    es: 'Introduce el código de tu aplicación de autenticación.',
    en: 'Enter the code from your authenticator app.',
  },
  FORBIDDEN: {
    es: 'No tienes permiso para hacer esto.',
    en: 'You do not have permission to do this.',
  },
  ACCOUNT_DISABLED: {
    es: 'Esta cuenta está desactivada. Habla con el administrador.',
    en: 'This account is disabled. Contact your administrator.',
  },
  PASSWORD_CHANGE_REQUIRED: {
    es: 'Debes cambiar tu contraseña antes de continuar.',
    en: 'You must change your password before continuing.',
  },
  TWO_FACTOR_ENROLMENT_REQUIRED: {
    es: 'Tu función exige la verificación en dos pasos: actívala antes de continuar.',
    en: 'Your role requires two-step verification: turn it on before continuing.',
  },
  NOT_FOUND: {
    es: 'No se ha encontrado lo que buscas; quizá se ha eliminado.',
    en: 'What you are looking for was not found; it may have been removed.',
  },
  CONFLICT: {
    es: 'Ya existe o ha cambiado mientras tanto. Actualiza e inténtalo de nuevo.',
    en: 'It already exists or changed in the meantime. Refresh and try again.',
  },
  PAYLOAD_TOO_LARGE: {
    es: 'Es demasiado grande para enviarlo.',
    en: 'It is too large to send.',
  },
  ACCOUNT_LOCKED: {
    es: 'La cuenta está bloqueada temporalmente por demasiados intentos fallidos.',
    en: 'The account is temporarily locked after too many failed attempts.',
  },
  RATE_LIMITED: {
    es: 'Demasiadas solicitudes seguidas. Espera un momento.',
    en: 'Too many requests in a row. Please wait a moment.',
  },
  INTERNAL: {
    es: 'Error interno del servidor. Ha quedado registrado; inténtalo de nuevo.',
    en: 'The server had an internal error. It has been logged; please try again.',
  },
  DECRYPTION_FAILED: {
    es: 'No se pudo descifrar un dato guardado. Avisa al administrador.',
    en: 'A stored value could not be decrypted. Tell your administrator.',
  },
  UNAVAILABLE: {
    es: 'No se puede contactar con el servidor ahora mismo. Inténtalo de nuevo en un momento.',
    en: 'The server cannot be reached right now. Try again in a moment.',
  },
  UNKNOWN_COMMAND: {
    es: 'Ese comando no existe. Escribe /help para ver los disponibles.',
    en: 'There is no such command. Type /help to see them.',
  },
  MESSAGE_TOO_LONG: {
    es: 'El mensaje es demasiado largo.',
    en: 'The message is too long.',
  },
  MUTED: {
    es: 'Estás silenciado en esta sala y no puedes escribir por ahora.',
    en: 'You are muted in this room and cannot write for now.',
  },
} as const satisfies Record<ErrorCode, Texts>;

const RETRY_AFTER: Record<Language, (seconds: number) => string> = {
  es: (s) =>
    s < 120 ? `Vuelve a intentarlo en ${s} s.` : `Vuelve a intentarlo en ${Math.ceil(s / 60)} min.`,
  en: (s) => (s < 120 ? `Try again in ${s} s.` : `Try again in ${Math.ceil(s / 60)} min.`),
};

/** The sentence for an error code; with a wait time when the server gave one. */
export function errorMessage(
  code: ErrorCode,
  language: Language,
  retryAfterSeconds: number | null = null,
): string {
  const text: string =
    (ERROR_MESSAGES as Record<string, Texts>)[code]?.[language] ?? ERROR_MESSAGES.INTERNAL[language];
  return retryAfterSeconds === null ? text : `${text} ${RETRY_AFTER[language](retryAfterSeconds)}`;
}

/**
 * The sentence for anything a call or a socket ack failed with: an ApiError, an ack's
 * `{code, details}`, or an unexpected throw (shown as INTERNAL).
 */
export function describeError(error: unknown, language: Language): string {
  if (isApiError(error)) return errorMessage(error.code, language, error.retryAfterSeconds);
  const ack = error as { code?: unknown; details?: { retryAfterSeconds?: unknown } } | null;
  if (typeof ack?.code === 'string') {
    const seconds = ack.details?.retryAfterSeconds;
    return errorMessage(ack.code as ErrorCode, language, typeof seconds === 'number' ? seconds : null);
  }
  return ERROR_MESSAGES.INTERNAL[language];
}
