import { Card, CardContent, CardHeader } from '@mui/material';
import { useGetList, useLocaleState, useTranslate } from 'react-admin';
import type { RoutineRun } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { RunItems } from './RunItems';

/** Runs still waiting for a manual item (the monthly reviews…), so they are ticked from the dashboard too. */
export function PendingRuns() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data } = useGetList<RoutineRun>('routines/runs', {
    filter: { status: 'pending_manual' },
    sort: { field: 'id', order: 'DESC' },
    pagination: { page: 1, perPage: 5 },
  });
  return (
    <>
      {(data ?? []).map((run) => (
        <Card key={run.id} data-pending-run={run.id}>
          <CardHeader
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
            title={translate('atrio.dashboard.pending_run', {
              kind: translate(`atrio.routines.kind.${run.kind}`),
            })}
            subheader={formatDateTime(run.startedAt, locale)}
          />
          <CardContent sx={{ pt: 0, overflowX: 'auto' }} tabIndex={0}>
            <RunItems run={{ ...run, items: run.items.filter((item) => item.type === 'manual') }} />
          </CardContent>
        </Card>
      ))}
    </>
  );
}
