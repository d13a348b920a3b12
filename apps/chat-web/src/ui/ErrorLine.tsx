import { ApiError, validationDetail } from '../api';
import { errorText } from '../i18n';
import { useT } from './useT';

/** Explains an error in the reader's language; the server's own words only for validation detail. */
export function ErrorLine({ error }: { error: unknown }) {
  const t = useT();
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {describeError(t, error)}
    </p>
  );
}

export function describeError(t: ReturnType<typeof useT>, error: unknown): string {
  if (error instanceof ApiError) {
    return errorText(t, error.code, {
      retryAfterSeconds: error.retryAfterSeconds,
      message: error.code === 'VALIDATION_FAILED' ? validationDetail(error) : error.message,
    });
  }
  return errorText(t, 'NETWORK');
}
