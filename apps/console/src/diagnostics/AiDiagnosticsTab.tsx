import { useEffect, useState } from 'react';
import { Alert, Box, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { Loading, useLocaleState, useTranslate } from 'react-admin';
import type { AiDiagnostics } from '@atrio/protocol';
import { formatBytes, formatDateTime } from '../common/format';
import { api } from '../dataProvider';
import { Findings, RefreshButton, Rows } from './DiagnosticParts';

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <>
      <Typography component="dt" variant="body2" color="text.secondary">
        {label}
      </Typography>
      <Typography component="dd" variant="body2" sx={{ m: 0, overflowWrap: 'anywhere' }}>
        {value}
      </Typography>
    </>
  );
}

/** §9.1 "the AI does not answer": Ollama's state, this machine's memory and the failures of the day. */
export function AiDiagnosticsTab() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [data, setData] = useState<AiDiagnostics | string | null>(null);
  const load = () =>
    void api<AiDiagnostics>('/admin/diagnostics/ai').then(setData, (e: Error) => setData(e.message));
  useEffect(load, []);
  if (data === null) return <Loading />;
  if (typeof data === 'string') return <Alert severity="error">{data}</Alert>;
  const { status, serverMemory } = data;
  const yesNo = (value: boolean) => translate(value ? 'atrio.ai.yes' : 'atrio.ai.no');
  const failures = Object.entries(status.recentFailures).sort((a, b) => b[1] - a[1]);
  return (
    <Stack spacing={2}>
      <Findings findings={data.findings} />
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.ai.ollama')}
          action={<RefreshButton onClick={load} />}
        />
        <CardContent>
          <Box
            component="dl"
            sx={{
              display: 'grid',
              // On a phone each label sits above its value instead of squeezing it into a sliver.
              gridTemplateColumns: { xs: 'minmax(0, 1fr)', sm: 'minmax(7rem, max-content) minmax(0, 1fr)' },
              columnGap: 2,
              rowGap: { xs: 0, sm: 1 },
              m: 0,
              '& dd': { mb: { xs: 1, sm: 0 } },
            }}
          >
            <Fact label={translate('atrio.ai.host')} value={status.host} />
            <Fact
              label={translate('atrio.ai.reachable')}
              value={status.reachable ? `${yesNo(true)} · Ollama ${status.version ?? ''}` : yesNo(false)}
            />
            {status.error && <Fact label={translate('atrio.ai.error')} value={status.error} />}
            <Fact label={translate('atrio.ai.model')} value={status.model} />
            <Fact label={translate('atrio.ai.model_present')} value={yesNo(status.modelPresent)} />
            <Fact
              label={translate('atrio.ai.context')}
              value={
                status.contextLength === null
                  ? '—'
                  : translate('atrio.ai.tokens', { smart_count: status.contextLength })
              }
            />
            <Fact
              label={translate('atrio.ai.queue')}
              value={translate('atrio.ai.queue_value', status.queue)}
            />
            <Fact
              label={translate(data.ollamaLocal ? 'atrio.ai.memory_local' : 'atrio.ai.memory_here')}
              value={translate('atrio.ai.memory_value', {
                free: formatBytes(serverMemory.freeBytes),
                total: formatBytes(serverMemory.totalBytes),
              })}
            />
          </Box>
        </CardContent>
      </Card>
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.ai.loaded')}
        />
        <CardContent sx={{ overflowX: 'auto' }}>
          <Rows
            head={['atrio.ai.model', 'atrio.ai.size', 'atrio.ai.vram', 'atrio.ai.expires']}
            rows={status.loaded.map((m) => [
              m.name,
              formatBytes(m.sizeBytes),
              m.vramBytes === 0 ? translate('atrio.ai.cpu_only') : formatBytes(m.vramBytes),
              formatDateTime(m.expiresAt, locale),
            ])}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.ai.failures')}
        />
        <CardContent sx={{ overflowX: 'auto' }}>
          <Rows
            head={['atrio.diagnostics.reason', 'atrio.diagnostics.count']}
            rows={failures.map(([code, count]) => [translate(`atrio.ai.cause.${code}`, { _: code }), count])}
          />
        </CardContent>
      </Card>
    </Stack>
  );
}
