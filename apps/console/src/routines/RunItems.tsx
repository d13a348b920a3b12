import { useState } from 'react';
import CheckIcon from '@mui/icons-material/Check';
import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography, type Theme } from '@mui/material';
import { Button, usePermissions, useLocaleState, useTranslate } from 'react-admin';
import type { LocalizedText, RoutineRun } from '@atrio/protocol';
import { can } from '../access';
import { CommentDialog } from '../common/CommentDialog';
import { formatDateTime } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

export function localized(text: LocalizedText, locale: string): string {
  return locale === 'en' ? text.en : text.es;
}

/** What a check found, in the reader's language when the server sent both (older results: English). */
export function checkMessage(
  item: { message: string | null; messageText: LocalizedText | null },
  locale: string,
): string | null {
  return item.messageText ? localized(item.messageText, locale) : item.message;
}

/**
 * On a phone each row becomes a small card: the step and its result on one line, what was found
 * and the Tick button below, full width (as table columns, "what was found" was off screen).
 */
const PHONE_ROWS = (theme: Theme) => ({
  [theme.breakpoints.down('sm')]: {
    '& thead': { display: 'none' },
    '& tr': { display: 'grid', gridTemplateColumns: '1fr auto', alignItems: 'center', py: 1 },
    '& td': { borderBottom: 'none', py: 0.5 },
    '& td:nth-of-type(n+3)': { gridColumn: '1 / -1' },
    '& td:empty': { display: 'none' },
    '& tr:not(:last-of-type)': { borderBottom: `1px solid ${theme.palette.divider}` },
  },
});

/** A run's checks and manual items: what each found, and a Tick button for what is still to do. */
export function RunItems({ run, onChange }: { run: RoutineRun; onChange?: (run: RoutineRun) => void }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { permissions } = usePermissions<string[]>();
  const { pending, run: act } = useAction();
  const [ticking, setTicking] = useState<{ itemId: string; title: string } | null>(null);
  return (
    <>
      <Table size="small" aria-label={translate('atrio.routines.items')} sx={PHONE_ROWS}>
        <TableHead>
          <TableRow>
            <TableCell>{translate('atrio.routines.item')}</TableCell>
            <TableCell>{translate('atrio.routines.result')}</TableCell>
            <TableCell>{translate('atrio.routines.found')}</TableCell>
            <TableCell />
          </TableRow>
        </TableHead>
        <TableBody>
          {run.items.map((item) => (
            <TableRow key={item.itemId} data-item={item.itemId}>
              <TableCell sx={{ minWidth: 160 }}>
                {localized(item.title, locale)}
                <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                  {translate(`atrio.routines.type.${item.type}`)}
                </Typography>
              </TableCell>
              <TableCell>
                <StatusChip value={item.status} />
              </TableCell>
              <TableCell>
                {checkMessage(item, locale)}
                {item.type === 'manual' && item.tickedAt && (
                  <Typography variant="caption" color="text.secondary" sx={{ display: 'block' }}>
                    {translate('atrio.routines.ticked_by', {
                      name: item.tickedByName ?? '',
                      at: formatDateTime(item.tickedAt, locale),
                    })}
                  </Typography>
                )}
                {Object.keys(item.figures).length > 0 && (
                  <Box
                    component="span"
                    sx={{
                      display: 'block',
                      fontSize: '0.75rem',
                      color: 'text.secondary',
                      overflowWrap: 'anywhere',
                    }}
                  >
                    {Object.entries(item.figures)
                      .map(([k, v]) => `${k}: ${String(v)}`)
                      .join(' · ')}
                  </Box>
                )}
              </TableCell>
              <TableCell>
                {item.type === 'manual' && item.status === 'pending' && can(permissions, 'routines.run') && (
                  <Button
                    label="atrio.routines.tick"
                    variant="outlined"
                    disabled={pending}
                    onClick={() => setTicking({ itemId: item.itemId, title: localized(item.title, locale) })}
                  >
                    <CheckIcon />
                  </Button>
                )}
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <CommentDialog
        open={ticking !== null}
        title={ticking?.title ?? ''}
        body={translate('atrio.routines.tick_help')}
        label={translate('atrio.routines.comment')}
        required
        confirmLabel={translate('atrio.routines.tick')}
        pending={pending}
        onClose={() => setTicking(null)}
        onConfirm={(comment) => {
          const itemId = ticking!.itemId;
          setTicking(null);
          void act(
            () =>
              api<RoutineRun>(`/admin/routines/runs/${run.id}/items/${encodeURIComponent(itemId)}/tick`, {
                method: 'POST',
                body: { comment },
              }),
            'atrio.routines.ticked',
          ).then((next) => next && onChange?.(next));
        }}
      />
    </>
  );
}
