import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Card, CardContent, CardHeader, LinearProgress, Typography } from '@mui/material';
import { Button, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import type { RoutineKind, RoutineRun } from '@atrio/protocol';
import { can } from '../access';
import { formatDateTime } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';
import { RunItems } from './RunItems';

/** The latest run of one routine with its items, and Run now; `todayOnly` is the dashboard's daily view. */
export function RoutineCard({ kind, todayOnly = false }: { kind: RoutineKind; todayOnly?: boolean }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<string[]>();
  const { data, isPending } = useGetList<RoutineRun>('routines/runs', {
    filter: { kind },
    sort: { field: 'id', order: 'DESC' },
    pagination: { page: 1, perPage: 1 },
  });
  const { pending, run } = useAction();
  const latest = data?.[0];
  const today = new Date().toDateString();
  const shown =
    latest && (!todayOnly || new Date(latest.startedAt).toDateString() === today) ? latest : undefined;
  return (
    <Card data-routine={kind}>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate(todayOnly ? 'atrio.dashboard.todays_routine' : `atrio.routines.kind.${kind}`)}
        subheader={
          shown
            ? translate('atrio.routines.last_run', {
                at: formatDateTime(shown.startedAt, locale),
                by: shown.startedByName ?? translate(`atrio.routines.trigger.${shown.trigger}`),
              })
            : translate(todayOnly ? 'atrio.dashboard.not_run_today' : 'atrio.routines.never_run')
        }
        action={
          <>
            {shown && <StatusChip value={shown.status} />}
            {can(permissions, 'routines.run') && (
              <Button
                label={pending ? 'atrio.routines.running' : 'atrio.routines.run_now'}
                disabled={pending}
                onClick={() =>
                  void run(
                    () => api<RoutineRun>('/admin/routines/runs', { method: 'POST', body: { kind } }),
                    'atrio.routines.run_done',
                  )
                }
                sx={{ ml: 1 }}
              >
                <PlayArrowIcon />
              </Button>
            )}
          </>
        }
      />
      {(pending || isPending) && <LinearProgress aria-label="progress" />}
      <CardContent sx={{ pt: 0, overflowX: 'auto' }} tabIndex={0}>
        {shown ? (
          <>
            {shown.pendingManualItems > 0 && (
              <Typography variant="body2" sx={{ mb: 1 }} color="warning.main">
                {translate('atrio.routines.pending_items', { smart_count: shown.pendingManualItems })}
              </Typography>
            )}
            <RunItems run={shown} />
          </>
        ) : (
          <Typography variant="body2" color="text.secondary">
            {translate('atrio.routines.run_hint')}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}
