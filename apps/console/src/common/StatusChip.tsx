import { Chip } from '@mui/material';
import { useTranslate } from 'react-admin';

type Tone = 'success' | 'warning' | 'error' | 'info' | 'default';

const TONES: Record<string, Tone> = {
  ok: 'success',
  active: 'success',
  verified: 'success',
  done: 'success',
  resolved: 'success',
  success: 'success',
  warning: 'warning',
  locked: 'warning',
  pending: 'warning',
  pending_manual: 'warning',
  open: 'warning',
  running: 'info',
  failed: 'error',
  failure: 'error',
  verify_failed: 'error',
  disabled: 'default',
  denied: 'error',
  dismissed: 'default',
};

/** A status word in its colour, translated from `atrio.status.<value>`, so every screen reads alike. */
export function StatusChip({ value }: { value: string | null | undefined }) {
  const translate = useTranslate();
  if (!value) return null;
  return (
    <Chip
      size="small"
      color={TONES[value] ?? 'default'}
      label={translate(`atrio.status.${value}`, { _: value })}
      variant={TONES[value] === 'default' ? 'outlined' : 'filled'}
    />
  );
}
