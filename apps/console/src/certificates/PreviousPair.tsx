import { useEffect, useState } from 'react';
import UndoIcon from '@mui/icons-material/Undo';
import {
  Alert,
  Box,
  Button as MuiButton,
  Card,
  CardContent,
  CardHeader,
  LinearProgress,
  Typography,
} from '@mui/material';
import { Confirm, useLocaleState, useTranslate } from 'react-admin';
import type { CertificateStatus, PreviousCertificate } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

/**
 * The pair the last renewal or installation set aside (server.crt.bak), with a way back to it:
 * the undo for a certificate that turned out wrong. `current` is the fingerprint served now, so
 * the card reloads whenever it changes.
 */
export function PreviousPair({
  current,
  onRestored,
}: {
  current: string;
  onRestored: (status: CertificateStatus) => void;
}) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [data, setData] = useState<PreviousCertificate | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const restore = useAction();

  useEffect(() => {
    api<PreviousCertificate>('/admin/certificates/previous').then(setData, (e: Error) => setError(e.message));
  }, [current]);

  const previous = data?.certificate;
  return (
    <Card data-testid="previous-certificate">
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.certificates.previous')}
        subheader={
          data?.keptAt
            ? translate('atrio.certificates.kept_at', { at: formatDateTime(data.keptAt, locale) })
            : undefined
        }
      />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {data && !data.keptAt && (
          <Typography variant="body2" color="text.secondary">
            {translate('atrio.certificates.no_previous')}
          </Typography>
        )}
        {data?.unreadable && (
          <Alert severity="warning">{translate('atrio.certificates.previous_unreadable')}</Alert>
        )}
        {previous && (
          <>
            <Typography variant="body2" sx={{ overflowWrap: 'anywhere' }}>
              {previous.subject} · {previous.sans.join(', ')}
            </Typography>
            <Typography
              variant="body2"
              color={previous.warning === 'expired' ? 'error.main' : 'text.secondary'}
              sx={{ mb: 1 }}
            >
              {translate('atrio.certificates.valid_until_days', {
                at: formatDateTime(previous.validTo, locale),
                smart_count: previous.daysLeft,
              })}
              {previous.selfSigned && ` · ${translate('atrio.certificates.self_signed')}`}
            </Typography>
            <Box
              component="p"
              sx={{ fontFamily: 'monospace', fontSize: '0.75rem', overflowWrap: 'anywhere', mt: 0 }}
            >
              {previous.fingerprint256}
            </Box>
            <MuiButton
              startIcon={<UndoIcon />}
              variant="outlined"
              disabled={restore.pending || previous.warning === 'expired' || !previous.keyMatches}
              onClick={() => setConfirming(true)}
            >
              {translate('atrio.certificates.restore_previous')}
            </MuiButton>
            {restore.pending && (
              <LinearProgress sx={{ mt: 1 }} aria-label={translate('atrio.certificates.restoring')} />
            )}
          </>
        )}
      </CardContent>
      <Confirm
        isOpen={confirming}
        title="atrio.certificates.restore_previous"
        content="atrio.certificates.restore_confirm"
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void restore
            .run(
              () => api<CertificateStatus>('/admin/certificates/previous/restore', { method: 'POST' }),
              'atrio.certificates.restored',
            )
            .then((next) => next && onRestored(next));
        }}
      />
    </Card>
  );
}
