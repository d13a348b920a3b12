import { useState } from 'react';
import { Alert, AlertTitle, Stack } from '@mui/material';
import { Button, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import type { RoutineAlert } from '@atrio/protocol';
import { can } from '../access';
import { CommentDialog } from '../common/CommentDialog';
import { formatDateTime } from '../common/format';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';
import { checkMessage, localized } from './RunItems';

/** Open alerts (a routine's failed check nobody acknowledged), each with its acknowledge button. */
export function RoutineAlerts({ showNone = false }: { showNone?: boolean }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<string[]>();
  const { data } = useGetList<RoutineAlert>('routines/alerts', {
    pagination: { page: 1, perPage: 50 },
    sort: { field: 'id', order: 'DESC' },
  });
  const { pending, run } = useAction();
  const [acknowledging, setAcknowledging] = useState<RoutineAlert | null>(null);
  if (!data?.length)
    return showNone ? <Alert severity="success">{translate('atrio.routines.no_alerts')}</Alert> : null;
  return (
    <Stack spacing={1}>
      {data.map((alert) => (
        <Alert
          key={alert.id}
          severity="error"
          action={
            can(permissions, 'routines.run') && (
              <Button
                label="atrio.routines.acknowledge"
                color="inherit"
                onClick={() => setAcknowledging(alert)}
                disabled={pending}
              />
            )
          }
        >
          <AlertTitle>
            {translate('atrio.routines.alert_title', {
              kind: translate(`atrio.routines.kind.${alert.kind}`),
              at: formatDateTime(alert.raisedAt, locale),
            })}
          </AlertTitle>
          {alert.failedItems.map((item) => (
            <div key={item.itemId}>
              <strong>{localized(item.title, locale)}</strong>: {checkMessage(item, locale)}
            </div>
          ))}
        </Alert>
      ))}
      <CommentDialog
        open={acknowledging !== null}
        title={translate('atrio.routines.acknowledge')}
        label={translate('atrio.routines.comment')}
        confirmLabel={translate('atrio.routines.acknowledge')}
        onClose={() => setAcknowledging(null)}
        onConfirm={(comment) => {
          const id = acknowledging!.id;
          setAcknowledging(null);
          void run(
            () =>
              api(`/admin/routines/alerts/${id}/acknowledge`, {
                method: 'POST',
                body: comment ? { comment } : {},
              }),
            'atrio.routines.acknowledged',
          );
        }}
      />
    </Stack>
  );
}
