import { useEffect, useState } from 'react';
import AutorenewIcon from '@mui/icons-material/Autorenew';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import {
  Alert,
  Button as MuiButton,
  Box,
  Card,
  CardContent,
  CardHeader,
  Checkbox,
  FormControlLabel,
  Grid,
  LinearProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { Confirm, Loading, Title, useLocaleState, useTranslate } from 'react-admin';
import type { CertificateStatus } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';
import { PreviousPair } from './PreviousPair';

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Box
      component="div"
      sx={{ display: 'grid', gridTemplateColumns: { xs: '1fr', sm: '180px 1fr' }, gap: 1, py: 0.5 }}
    >
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, wordBreak: 'break-all' }}>
        {children}
      </Typography>
    </Box>
  );
}

async function readFile(file: File | undefined): Promise<string> {
  return file ? file.text() : '';
}

/** §8.2 verify certificates and §8.3 / §9.2 renew them, without a restart. */
export function CertificatesPage() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [status, setStatus] = useState<CertificateStatus | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [force, setForce] = useState(false);
  const [cert, setCert] = useState('');
  const [key, setKey] = useState('');
  const renew = useAction();
  const install = useAction();

  useEffect(() => {
    api<CertificateStatus>('/admin/certificates/current').then(setStatus, (e: Error) =>
      setLoadError(e.message),
    );
  }, []);

  if (loadError) return <Alert severity="error">{loadError}</Alert>;
  if (!status) return <Loading />;
  const severity = status.warning === null ? 'success' : status.warning === '30_days' ? 'warning' : 'error';
  const yes = (value: boolean | null) =>
    value === null
      ? translate('atrio.certificates.no_ca')
      : translate(value ? 'ra.boolean.true' : 'ra.boolean.false');

  return (
    <Box sx={{ mt: 1 }}>
      <Title title="atrio.menu.certificates" />
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 7 }}>
          <Card>
            <CardHeader
              slotProps={{ title: { component: 'h2', variant: 'h6' } }}
              title={translate('atrio.certificates.current')}
            />
            <CardContent>
              <Alert severity={severity} sx={{ mb: 2 }} data-testid="days-left">
                <strong>{translate('atrio.certificates.days_left', { smart_count: status.daysLeft })}</strong>
                {status.warning && ` — ${translate(`atrio.certificates.warning.${status.warning}`)}`}
              </Alert>
              <Box component="dl" sx={{ m: 0 }}>
                <Row label={translate('atrio.certificates.subject')}>{status.subject}</Row>
                <Row label={translate('atrio.certificates.names')}>{status.sans.join(', ')}</Row>
                <Row label={translate('atrio.certificates.issuer')}>
                  {status.issuer} {status.selfSigned && `(${translate('atrio.certificates.self_signed')})`}
                </Row>
                <Row label={translate('atrio.certificates.valid_from')}>
                  {formatDateTime(status.validFrom, locale)}
                </Row>
                <Row label={translate('atrio.certificates.valid_to')}>
                  {formatDateTime(status.validTo, locale)}
                </Row>
                <Row label={translate('atrio.certificates.fingerprint')}>
                  <Box component="span" sx={{ fontFamily: 'monospace', fontSize: '0.8rem' }}>
                    {status.fingerprint256}
                  </Box>
                </Row>
                <Row label={translate('atrio.certificates.key_matches')}>{yes(status.keyMatches)}</Row>
                <Row label={translate('atrio.certificates.chain_valid')}>{yes(status.chainValid)}</Row>
              </Box>
            </CardContent>
          </Card>
          <Box sx={{ mt: 2 }}>
            <PreviousPair current={status.fingerprint256} onRestored={setStatus} />
          </Box>
        </Grid>
        <Grid size={{ xs: 12, md: 5 }}>
          <Stack spacing={2}>
            <Card>
              <CardHeader
                slotProps={{ title: { component: 'h2', variant: 'h6' } }}
                title={translate('atrio.certificates.renew')}
                subheader={translate('atrio.certificates.renew_help')}
              />
              <CardContent>
                {!status.selfSigned && (
                  <FormControlLabel
                    control={<Checkbox checked={force} onChange={(e) => setForce(e.target.checked)} />}
                    label={translate('atrio.certificates.force')}
                  />
                )}
                <MuiButton
                  startIcon={<AutorenewIcon />}
                  variant="contained"
                  disabled={renew.pending}
                  onClick={() => setConfirming(true)}
                >
                  {translate('atrio.certificates.renew')}
                </MuiButton>
                {renew.pending && <LinearProgress sx={{ mt: 1 }} aria-label="progress" />}
              </CardContent>
            </Card>
            <Card>
              <CardHeader
                slotProps={{ title: { component: 'h2', variant: 'h6' } }}
                title={translate('atrio.certificates.install')}
                subheader={translate('atrio.certificates.install_help')}
              />
              <CardContent>
                <form
                  onSubmit={(event) => {
                    event.preventDefault();
                    void install
                      .run(
                        () =>
                          api<CertificateStatus>('/admin/certificates/install', {
                            method: 'POST',
                            body: { cert, key },
                          }),
                        'atrio.certificates.installed',
                      )
                      .then((next) => next && setStatus(next));
                  }}
                >
                  <Stack spacing={1.5}>
                    <TextField
                      label={translate('atrio.certificates.cert_pem')}
                      multiline
                      minRows={3}
                      maxRows={6}
                      value={cert}
                      onChange={(e) => setCert(e.target.value)}
                      slotProps={{ htmlInput: { style: { fontFamily: 'monospace', fontSize: 12 } } }}
                    />
                    <input
                      type="file"
                      accept=".pem,.crt,.cer"
                      aria-label={translate('atrio.certificates.cert_file')}
                      onChange={(e) => void readFile(e.target.files?.[0]).then(setCert)}
                    />
                    <TextField
                      label={translate('atrio.certificates.key_pem')}
                      multiline
                      minRows={3}
                      maxRows={6}
                      value={key}
                      onChange={(e) => setKey(e.target.value)}
                      slotProps={{ htmlInput: { style: { fontFamily: 'monospace', fontSize: 12 } } }}
                    />
                    <input
                      type="file"
                      accept=".pem,.key"
                      aria-label={translate('atrio.certificates.key_file')}
                      onChange={(e) => void readFile(e.target.files?.[0]).then(setKey)}
                    />
                    <MuiButton
                      type="submit"
                      startIcon={<UploadFileIcon />}
                      variant="outlined"
                      disabled={install.pending || cert === '' || key === ''}
                    >
                      {translate('atrio.certificates.install_button')}
                    </MuiButton>
                  </Stack>
                </form>
              </CardContent>
            </Card>
          </Stack>
        </Grid>
      </Grid>
      <Confirm
        isOpen={confirming}
        title="atrio.certificates.renew"
        content="atrio.certificates.renew_confirm"
        onClose={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void renew
            .run(
              () =>
                api<CertificateStatus>('/admin/certificates/renew', {
                  method: 'POST',
                  body: force ? { force } : {},
                }),
              'atrio.certificates.renewed',
            )
            .then((next) => next && setStatus(next));
        }}
      />
    </Box>
  );
}
