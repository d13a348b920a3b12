import { useEffect, useState } from 'react';
import { Box, Typography } from '@mui/material';
import { useLocaleState, useRecordContext, useTranslate } from 'react-admin';
import type { Message, Report } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { api } from '../dataProvider';

/** The reported message with the few before it, as the room saw them (when the moderator may read the room). */
export function ReportContext() {
  const report = useRecordContext<Report>();
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [before, setBefore] = useState<Message[] | null>(null);
  useEffect(() => {
    if (!report) return;
    api<{ messages: Message[] }>(`/rooms/${report.roomId}/messages?before=${report.messageId}&limit=5`).then(
      (page) => setBefore(page.messages),
      () => setBefore([]),
    );
  }, [report]);
  if (!report) return null;
  return (
    <Box sx={{ p: 1 }}>
      <Typography variant="caption" color="text.secondary">
        {translate('atrio.reports.context', { room: report.roomName })}
      </Typography>
      {(before ?? []).map((m) => (
        <Typography key={m.id} variant="body2" color="text.secondary">
          <strong>{m.authorName}</strong> · {formatDateTime(m.createdAt, locale)}: {m.body}
        </Typography>
      ))}
      <Typography
        variant="body2"
        sx={{ bgcolor: 'warning.light', color: 'common.black', px: 0.5, borderRadius: 0.5 }}
      >
        <strong>{report.message.authorName}</strong> · {formatDateTime(report.message.createdAt, locale)}:{' '}
        {report.message.deleted ? <em>{translate('atrio.reports.removed')}</em> : report.message.body}
      </Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('atrio.reports.reported_by', { name: report.reporterName, reason: report.reason })}
      </Typography>
    </Box>
  );
}
