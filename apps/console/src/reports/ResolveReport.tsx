import { useState } from 'react';
import GavelIcon from '@mui/icons-material/Gavel';
import {
  Button as MuiButton,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Stack,
  TextField,
} from '@mui/material';
import { Button, usePermissions, useRecordContext, useTranslate } from 'react-admin';
import type { Report, ReportAction } from '@atrio/protocol';
import { can } from '../access';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

const ACTIONS: Record<ReportAction, { minutes: 'required' | 'optional' | 'none'; admin?: boolean }> = {
  remove_message: { minutes: 'none' },
  dismiss: { minutes: 'none' },
  warn: { minutes: 'none' },
  mute: { minutes: 'required' },
  kick: { minutes: 'none' },
  ban: { minutes: 'optional' },
  disable_account: { minutes: 'none', admin: true },
};

/** One dialog for every way to close a report; the server applies it and audits it. */
export function ResolveReportButton() {
  const report = useRecordContext<Report>();
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const { pending, run } = useAction();
  const [open, setOpen] = useState(false);
  const [action, setAction] = useState<ReportAction>('remove_message');
  const [minutes, setMinutes] = useState('60');
  const [reason, setReason] = useState('');
  if (!report || report.status !== 'open') return null;
  const rule = ACTIONS[action];
  const choices = (Object.keys(ACTIONS) as ReportAction[]).filter(
    (a) => !ACTIONS[a].admin || can(permissions, 'users.manage'),
  );
  const submit = () => {
    setOpen(false);
    const body = {
      action,
      ...(rule.minutes !== 'none' && minutes !== '' ? { minutes: Number(minutes) } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    };
    void run(
      () => api<Report>(`/admin/reports/${report.id}/resolve`, { method: 'POST', body }),
      `atrio.reports.done.${action}`,
    );
  };
  return (
    <>
      <Button
        label="atrio.reports.resolve"
        disabled={pending}
        onClick={(event) => {
          event.stopPropagation();
          setOpen(true);
        }}
      >
        <GavelIcon />
      </Button>
      <Dialog
        open={open}
        onClose={() => setOpen(false)}
        fullWidth
        maxWidth="sm"
        aria-labelledby={`resolve-${report.id}`}
      >
        <form
          onSubmit={(event) => {
            event.preventDefault();
            submit();
          }}
        >
          <DialogTitle id={`resolve-${report.id}`}>
            {translate('atrio.reports.resolve_title', { name: report.message.authorName })}
          </DialogTitle>
          <DialogContent>
            <Stack spacing={2} sx={{ mt: 1 }}>
              <TextField
                select
                label={translate('atrio.reports.action')}
                value={action}
                onChange={(e) => setAction(e.target.value as ReportAction)}
              >
                {choices.map((a) => (
                  <MenuItem key={a} value={a}>
                    {translate(`atrio.reports.actions.${a}`)}
                  </MenuItem>
                ))}
              </TextField>
              {rule.minutes !== 'none' && (
                <TextField
                  type="number"
                  label={translate(
                    rule.minutes === 'required' ? 'atrio.reports.minutes' : 'atrio.reports.minutes_optional',
                  )}
                  value={minutes}
                  onChange={(e) => setMinutes(e.target.value)}
                  required={rule.minutes === 'required'}
                  slotProps={{ htmlInput: { min: 1 } }}
                />
              )}
              <TextField
                label={translate('atrio.reports.reason')}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
                required={action === 'warn'}
                helperText={translate(
                  action === 'warn' ? 'atrio.reports.reason_warn' : 'atrio.reports.reason_help',
                )}
              />
            </Stack>
          </DialogContent>
          <DialogActions>
            <MuiButton onClick={() => setOpen(false)}>{translate('ra.action.cancel')}</MuiButton>
            <MuiButton
              type="submit"
              variant="contained"
              color={action === 'dismiss' ? 'primary' : 'warning'}
              disabled={action === 'warn' && reason.trim() === ''}
            >
              {translate(`atrio.reports.actions.${action}`)}
            </MuiButton>
          </DialogActions>
        </form>
      </Dialog>
    </>
  );
}
