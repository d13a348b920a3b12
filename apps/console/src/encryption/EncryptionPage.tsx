import { useCallback, useEffect, useState } from 'react';
import KeyIcon from '@mui/icons-material/Key';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  LinearProgress,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { Link } from 'react-router-dom';
import { Confirm, Loading, Title, useLocaleState, useTranslate } from 'react-admin';
import type { EncryptionPass, EncryptionStatus } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

/** While a pass runs the figures are fetched this often; otherwise only on demand. */
const POLL_MS = 1000;

function Progress({ pass }: { pass: EncryptionPass }) {
  const translate = useTranslate();
  const percent = pass.total === 0 ? 100 : Math.min(100, Math.round((pass.done / pass.total) * 100));
  return (
    <Box data-testid="encryption-progress">
      <Typography variant="body2" sx={{ mb: 1 }}>
        {translate(`atrio.encryption.pass.${pass.kind}`, { key: pass.keyId })} —{' '}
        {translate('atrio.encryption.progress', { done: pass.done, total: pass.total, percent })}
        {pass.field ? ` · ${pass.field}` : ''}
      </Typography>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={translate('atrio.encryption.progress_label')}
      />
      {pass.failed > 0 && (
        <Alert severity="error" sx={{ mt: 1 }}>
          {translate('atrio.encryption.failed', { smart_count: pass.failed })}
        </Alert>
      )}
    </Box>
  );
}

/**
 * §5.2 "keys rotated periodically": the key ring, how many values each key protects, and the
 * rotation as it runs (re-encryption in the background in small batches, with its progress).
 */
export function EncryptionPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [status, setStatus] = useState<EncryptionStatus | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const rotate = useAction();
  const load = useCallback(
    () =>
      api<EncryptionStatus>('/admin/encryption/status').then(
        (next) => (setStatus(next), setError(null)),
        (e: Error) => setError(e.message),
      ),
    [],
  );
  useEffect(() => void load(), [load]);
  const running = status?.pass !== null && status?.pass !== undefined;
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, [running, load]);

  if (error && !status) return <Alert severity="error">{error}</Alert>;
  if (!status) return <Loading />;
  const last = status.lastPass;
  return (
    <Box sx={{ mt: 1, minWidth: 0 }}>
      <Title title="atrio.menu.encryption" />
      <Stack spacing={2}>
        {status.unknownKeyValues > 0 && (
          <Alert severity="error">
            {translate('atrio.encryption.unknown_values', { smart_count: status.unknownKeyValues })}
          </Alert>
        )}
        <Card>
          <CardHeader
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
            title={translate('atrio.encryption.rotation')}
            subheader={translate('atrio.encryption.rotation_help')}
          />
          <CardContent>
            <Stack spacing={2}>
              {status.pass ? (
                <Progress pass={status.pass} />
              ) : (
                last && (
                  <Alert
                    severity={last.failed > 0 || last.remaining > 0 ? 'warning' : 'success'}
                    role="status"
                  >
                    {translate(`atrio.encryption.last.${last.kind}`, {
                      key: last.keyId,
                      at: formatDateTime(last.finishedAt, locale),
                      resealed: last.resealed,
                      failed: last.failed,
                      remaining: last.remaining,
                    })}
                  </Alert>
                )
              )}
              <Box>
                <Button
                  variant="contained"
                  startIcon={<KeyIcon />}
                  disabled={running || rotate.pending}
                  onClick={() => setConfirming(true)}
                >
                  {translate('atrio.encryption.rotate')}
                </Button>
              </Box>
              <Typography variant="body2" color="text.secondary">
                {translate('atrio.encryption.key_ring', { file: status.keyRingFile })}{' '}
                <Link to="/settings/encryption.messageBodies">
                  {translate(
                    status.messageBodies ? 'atrio.encryption.bodies_on' : 'atrio.encryption.bodies_off',
                  )}
                </Link>
              </Typography>
            </Stack>
          </CardContent>
        </Card>
        <Card>
          <CardHeader
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
            title={translate('atrio.encryption.keys')}
          />
          {/* Scrolls sideways on a phone rather than squeezing each column to a sliver. */}
          <CardContent
            sx={{ overflowX: 'auto' }}
            tabIndex={0}
            aria-label={translate('atrio.encryption.keys')}
          >
            <Table size="small" aria-label={translate('atrio.encryption.keys')} sx={{ minWidth: 520 }}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('atrio.encryption.key')}</TableCell>
                  <TableCell>{translate('atrio.encryption.key_status')}</TableCell>
                  <TableCell>{translate('atrio.encryption.created')}</TableCell>
                  <TableCell align="right">{translate('atrio.encryption.values')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {status.keys.map((key) => (
                  <TableRow key={key.id} data-key-status={key.status}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{key.id}</TableCell>
                    <TableCell>{translate(`atrio.encryption.status.${key.status}`)}</TableCell>
                    <TableCell>{formatDateTime(key.createdAt, locale)}</TableCell>
                    <TableCell align="right">{key.values}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
        <Card>
          <CardHeader
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
            title={translate('atrio.encryption.fields')}
          />
          <CardContent
            sx={{ overflowX: 'auto' }}
            tabIndex={0}
            aria-label={translate('atrio.encryption.fields')}
          >
            <Table size="small" aria-label={translate('atrio.encryption.fields')} sx={{ minWidth: 600 }}>
              <TableHead>
                <TableRow>
                  <TableCell>{translate('atrio.encryption.field')}</TableCell>
                  <TableCell align="right">{translate('atrio.encryption.plain')}</TableCell>
                  <TableCell>{translate('atrio.encryption.by_key')}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {status.fields.map((field) => (
                  <TableRow key={field.field}>
                    <TableCell sx={{ fontFamily: 'monospace' }}>{field.field}</TableCell>
                    <TableCell align="right">{field.plain}</TableCell>
                    <TableCell sx={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
                      {Object.entries(field.byKey)
                        .map(([key, count]) => `${key}: ${count}`)
                        .join(' · ') || '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </CardContent>
        </Card>
      </Stack>
      <Confirm
        isOpen={confirming}
        title="atrio.encryption.rotate"
        content="atrio.encryption.rotate_confirm"
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void rotate
            .run(
              () => api<EncryptionStatus>('/admin/encryption/rotate', { method: 'POST' }),
              'atrio.encryption.rotating',
            )
            .then((next) => next && setStatus(next));
        }}
      />
    </Box>
  );
}
