import { ApiError, describeError as describeAny, errorMessage } from '@atrio/web-common';
import { validationDetail } from '../api';
import { useChat } from '../store/store';

/** Explains an error in the reader's language (web-common's sentences), with the bad field if any. */
export function ErrorLine({ error }: { error: unknown }) {
  const language = useChat((s) => s.language);
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {describeError(language, error)}
    </p>
  );
}

export function describeError(language: 'es' | 'en', error: unknown): string {
  if (error instanceof ApiError) {
    const text = errorMessage(error.code, language, error.retryAfterSeconds);
    const detail = error.code === 'VALIDATION_FAILED' ? validationDetail(error) : '';
    return detail ? `${text} (${detail})` : text;
  }
  // A socket ack's {code}, or a failure that never reached the server.
  return (error as { code?: unknown }).code
    ? describeAny(error, language)
    : errorMessage('UNAVAILABLE', language);
}
