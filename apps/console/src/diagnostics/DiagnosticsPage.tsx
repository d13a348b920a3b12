import { useEffect, useState } from 'react';
import { Alert, Box, Card, CardContent, CardHeader, Stack, Tab, Tabs, Typography } from '@mui/material';
import { useSearchParams } from 'react-router-dom';
import { Loading, Title, useLocaleState, useTranslate } from 'react-admin';
import type { AuthenticationDiagnostics, ConnectionDiagnostics } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { api } from '../dataProvider';
import { AiDiagnosticsTab } from './AiDiagnosticsTab';
import { Findings, RefreshButton, Rows } from './DiagnosticParts';

function Connection() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const [data, setData] = useState<ConnectionDiagnostics | string | null>(null);
  const load = () =>
    void api<ConnectionDiagnostics>('/admin/diagnostics/connection').then(setData, (e: Error) =>
      setData(e.message),
    );
  useEffect(load, []);
  if (data === null) return <Loading />;
  if (typeof data === 'string') return <Alert severity="error">{data}</Alert>;
  return (
    <Stack spacing={2}>
      <Findings findings={data.findings} />
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.diagnostics.listening')}
          action={<RefreshButton onClick={load} />}
        />
        <CardContent>
          <Typography>
            {translate('atrio.diagnostics.listening_on', {
              host: data.listening.host,
              port: data.listening.port,
              reached: data.reachedAs,
            })}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {translate('atrio.certificates.days_left', { smart_count: data.certificate.daysLeft })} ·{' '}
            {data.certificate.names.join(', ')}
          </Typography>
        </CardContent>
      </Card>
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.diagnostics.refusals')}
        />
        <CardContent sx={{ overflowX: 'auto' }} tabIndex={0}>
          <Rows
            head={[
              'atrio.diagnostics.when',
              'atrio.diagnostics.kind',
              'atrio.diagnostics.reason',
              'atrio.lockouts.address',
            ]}
            rows={data.refusals.map((r) => [
              formatDateTime(r.at, locale),
              translate(`atrio.diagnostics.kinds.${r.kind}`),
              r.reason,
              r.address ?? '—',
            ])}
          />
        </CardContent>
      </Card>
    </Stack>
  );
}

function Authentication() {
  const translate = useTranslate();
  const [data, setData] = useState<AuthenticationDiagnostics | string | null>(null);
  const load = () =>
    void api<AuthenticationDiagnostics>('/admin/diagnostics/authentication').then(setData, (e: Error) =>
      setData(e.message),
    );
  useEffect(load, []);
  if (data === null) return <Loading />;
  if (typeof data === 'string') return <Alert severity="error">{data}</Alert>;
  return (
    <Stack spacing={2}>
      <Findings findings={data.findings} />
      <Card>
        <CardHeader
          slotProps={{ title: { component: 'h2', variant: 'h6' } }}
          title={translate('atrio.diagnostics.failures_24h', { smart_count: data.failures })}
          subheader={translate('atrio.diagnostics.figures', {
            locked: data.lockedAccounts,
            throttled: data.throttledAddresses,
            unknown: data.unknownNames,
          })}
          action={<RefreshButton onClick={load} />}
        />
        <CardContent>
          <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: 'minmax(0, 1fr)', md: '1fr 1fr' } }}>
            <Rows
              head={['atrio.diagnostics.reason', 'atrio.diagnostics.count']}
              rows={data.byReason.map((r) => [
                translate(`atrio.lockouts.reason.${r.reason}`, { _: r.reason }),
                r.count,
              ])}
            />
            <Rows
              head={['atrio.lockouts.address', 'atrio.diagnostics.count']}
              rows={data.byAddress.map((r) => [r.ip, r.count])}
            />
          </Box>
        </CardContent>
      </Card>
    </Stack>
  );
}

const TABS = ['connection', 'authentication', 'ai'] as const;
type TabName = (typeof TABS)[number];

/**
 * §9.1, one tab per problem of the troubleshooting chapter, each naming the likely cause. The tab
 * is in the address (`?tab=ai`) so the dashboard's AI card can link straight to it.
 */
export function DiagnosticsPage() {
  const translate = useTranslate();
  const [search, setSearch] = useSearchParams();
  const asked = search.get('tab');
  const tab: TabName = TABS.find((name) => name === asked) ?? 'connection';
  return (
    <Box sx={{ mt: 1, minWidth: 0 }}>
      <Title title="atrio.menu.diagnostics" />
      <Tabs
        value={tab}
        onChange={(_event, value: TabName) => setSearch({ tab: value }, { replace: true })}
        variant="scrollable"
        allowScrollButtonsMobile
        sx={{ mb: 2 }}
      >
        {TABS.map((name) => (
          <Tab key={name} value={name} label={translate(`atrio.diagnostics.${name}`)} />
        ))}
      </Tabs>
      {tab === 'connection' ? (
        <Connection />
      ) : tab === 'authentication' ? (
        <Authentication />
      ) : (
        <AiDiagnosticsTab />
      )}
    </Box>
  );
}
