import { useEffect, useState, type FormEvent } from 'react';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CircularProgress,
  Stack,
  TextField,
  Typography,
} from '@mui/material';
import { useLogin, useNotify, useTranslate } from 'react-admin';
import { LanguageMenu } from '../layout/LanguageMenu';
import { useNavigate } from 'react-router-dom';
import type { RecoveryCodes, TwoFactorSetup } from '@atrio/protocol';
import { currentUser, forgetUser } from '../authProvider';
import { api, errorCode } from '../dataProvider';

type Step = 'credentials' | 'totp' | 'change' | 'enrol' | 'codes';

/**
 * Sign-in in the steps the server may ask for: password; the 2FA code when the account has it;
 * a new password when the current one is temporary; enrolment when a role requires 2FA.
 */
export function LoginPage() {
  const translate = useTranslate();
  const login = useLogin();
  const notify = useNotify();
  const navigate = useNavigate();
  const [step, setStep] = useState<Step>('credentials');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [newPassword, setNewPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [codes, setCodes] = useState<string[]>([]);

  // A session that still has to change its password (page reloaded mid-way) resumes at that step.
  useEffect(() => {
    currentUser().then(
      (user) => {
        if (user.mustChangePassword) setStep('change');
        else if (user.mustEnrollTwoFactor) void beginEnrolment();
      },
      () => undefined,
    );
  }, []);

  async function attempt(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      throw caught;
    } finally {
      setBusy(false);
    }
  }

  async function beginEnrolment() {
    setSetup(await api<TwoFactorSetup>('/auth/2fa/setup', { method: 'POST' }));
    setStep('enrol');
  }

  async function finish() {
    forgetUser();
    const user = await currentUser();
    if (user.mustEnrollTwoFactor) return beginEnrolment();
    await navigate('/');
  }

  const signIn = (event: FormEvent) => {
    event.preventDefault();
    attempt(async () => {
      await login({ username, password, totp: step === 'totp' ? totp : undefined });
      const user = await currentUser();
      if (user.mustChangePassword) setStep('change');
      else if (user.mustEnrollTwoFactor) await beginEnrolment();
    }).catch((caught: unknown) => {
      if (errorCode(caught) === 'TOTP_REQUIRED') {
        setError(null);
        setStep('totp');
      }
    });
  };

  const changePassword = (event: FormEvent) => {
    event.preventDefault();
    if (newPassword !== repeat) {
      setError(translate('atrio.login.mismatch'));
      return;
    }
    attempt(async () => {
      await api('/auth/password', { method: 'POST', body: { currentPassword: password, newPassword } });
      notify('atrio.login.password_changed', { type: 'success' });
      await finish();
    }).catch(() => undefined);
  };

  const confirmEnrolment = (event: FormEvent) => {
    event.preventDefault();
    attempt(async () => {
      const result = await api<RecoveryCodes>('/auth/2fa/confirm', { method: 'POST', body: { code: totp } });
      setCodes(result.recoveryCodes);
      setStep('codes');
    }).catch(() => undefined);
  };

  return (
    <Box
      component="main"
      sx={{
        minHeight: '100vh',
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        bgcolor: 'grey.100',
        p: 2,
      }}
    >
      <Card sx={{ width: '100%', maxWidth: 420 }}>
        <CardContent>
          <Stack direction="row" sx={{ justifyContent: 'space-between', alignItems: 'center', mb: 2 }}>
            <div>
              <Typography variant="h5" component="h1">
                {translate('atrio.app.title')}
              </Typography>
              <Typography variant="body2" color="text.secondary">
                {translate(`atrio.login.subtitle_${step}`)}
              </Typography>
            </div>
            <LanguageMenu />
          </Stack>
          {error && (
            <Alert severity="error" sx={{ mb: 2 }} role="alert">
              {error}
            </Alert>
          )}
          {(step === 'credentials' || step === 'totp') && (
            <form onSubmit={signIn} noValidate>
              <Stack spacing={2}>
                <TextField
                  label={translate('ra.auth.username')}
                  name="username"
                  autoComplete="username"
                  value={username}
                  onChange={(e) => setUsername(e.target.value)}
                  required
                  autoFocus={step === 'credentials'}
                  disabled={step === 'totp'}
                />
                <TextField
                  label={translate('ra.auth.password')}
                  name="password"
                  type="password"
                  autoComplete="current-password"
                  value={password}
                  onChange={(e) => setPassword(e.target.value)}
                  required
                  disabled={step === 'totp'}
                />
                {step === 'totp' && (
                  <TextField
                    label={translate('atrio.login.totp')}
                    name="totp"
                    autoComplete="one-time-code"
                    helperText={translate('atrio.login.totp_help')}
                    value={totp}
                    onChange={(e) => setTotp(e.target.value)}
                    slotProps={{ htmlInput: { inputMode: 'numeric' } }}
                    required
                    autoFocus
                  />
                )}
                <Button type="submit" variant="contained" disabled={busy}>
                  {busy ? <CircularProgress size={22} /> : translate('ra.auth.sign_in')}
                </Button>
              </Stack>
            </form>
          )}
          {step === 'change' && (
            <form onSubmit={changePassword} noValidate>
              <Stack spacing={2}>
                <Alert severity="info">{translate('atrio.login.must_change')}</Alert>
                {password === '' && (
                  <TextField
                    label={translate('atrio.login.current_password')}
                    name="currentPassword"
                    type="password"
                    autoComplete="current-password"
                    value={password}
                    onChange={(e) => setPassword(e.target.value)}
                    required
                  />
                )}
                <TextField
                  label={translate('atrio.login.new_password')}
                  name="newPassword"
                  type="password"
                  autoComplete="new-password"
                  helperText={translate('atrio.login.policy')}
                  value={newPassword}
                  onChange={(e) => setNewPassword(e.target.value)}
                  required
                  autoFocus
                />
                <TextField
                  label={translate('atrio.login.repeat_password')}
                  name="repeatPassword"
                  type="password"
                  autoComplete="new-password"
                  value={repeat}
                  onChange={(e) => setRepeat(e.target.value)}
                  required
                />
                <Button type="submit" variant="contained" disabled={busy}>
                  {translate('atrio.login.change')}
                </Button>
              </Stack>
            </form>
          )}
          {step === 'enrol' && setup && (
            <form onSubmit={confirmEnrolment} noValidate>
              <Stack spacing={2} sx={{ alignItems: 'center' }}>
                <Alert severity="info">{translate('atrio.login.must_enrol')}</Alert>
                <img src={setup.qrDataUrl} width={180} height={180} alt={translate('atrio.login.qr')} />
                <Typography variant="body2" sx={{ fontFamily: 'monospace', wordBreak: 'break-all' }}>
                  {setup.secret}
                </Typography>
                <TextField
                  label={translate('atrio.login.totp')}
                  name="totp"
                  autoComplete="one-time-code"
                  value={totp}
                  onChange={(e) => setTotp(e.target.value)}
                  required
                  fullWidth
                />
                <Button type="submit" variant="contained" disabled={busy} fullWidth>
                  {translate('atrio.login.enrol')}
                </Button>
              </Stack>
            </form>
          )}
          {step === 'codes' && (
            <Stack spacing={2}>
              <Alert severity="warning">{translate('atrio.login.recovery_codes')}</Alert>
              <Box component="pre" sx={{ fontFamily: 'monospace', m: 0 }}>
                {codes.join('\n')}
              </Box>
              <Button variant="contained" onClick={() => void finish()}>
                {translate('atrio.login.continue')}
              </Button>
            </Stack>
          )}
        </CardContent>
      </Card>
    </Box>
  );
}
