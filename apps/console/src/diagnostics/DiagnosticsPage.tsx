import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Card,
  CardContent,
  CardHeader,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from '@mui/material';
import { Button, Loading, Title, useLocaleState, useTranslate } from 'react-admin';
import type { AuthenticationDiagnostics, ConnectionDiagnostics, DiagnosticFinding } from '@atrio/protocol';
import { formatDateTime } from '../common/format';
import { api } from '../dataProvider';

const SEVERITY = { problem: 'error', warning: 'warning', info: 'info', ok: 'success' } as const;

function Findings({ findings }: { findings: DiagnosticFinding[] }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Stack spacing={1} role="list" aria-label={translate('atrio.diagnostics.findings')}>
      {findings.map((f, index) => {
        const params = {
          ...f.params,
          time: typeof f.params.time === 'string' ? formatDateTime(f.params.time, locale) : '',
        };
        const generic = f.code.startsWith('refused_')
          ? 'atrio.diagnostics.finding.refused_other'
          : 'atrio.diagnostics.finding.other';
        return (
          <Alert key={index} severity={SEVERITY[f.severity]} role="listitem">
            {translate(`atrio.diagnostics.finding.${f.code}`, {
              ...params,
              code: f.code,
              _: translate(generic, { ...params, code: f.code }),
            })}
          </Alert>
        );
      })}
    </Stack>
  );
}

function Rows({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  const translate = useTranslate();
  if (rows.length === 0)
    return <Typography color="text.secondary">{translate('atrio.diagnostics.none')}</Typography>;
  return (
    <Table size="small">
      <TableHead>
        <TableRow>
          {head.map((h) => (
            <TableCell key={h}>{translate(h)}</TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {rows.map((row, i) => (
          <TableRow key={i}>
            {row.map((cell, j) => (
              <TableCell key={j}>{cell}</TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

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
          action={<Button label="ra.action.refresh" onClick={load} />}
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
          action={<Button label="ra.action.refresh" onClick={load} />}
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

/** §9.1, one tab per problem of the troubleshooting chapter, each naming the likely cause. */
export function DiagnosticsPage() {
  const translate = useTranslate();
  const [tab, setTab] = useState(0);
  return (
    <Box sx={{ mt: 1 }}>
      <Title title="atrio.menu.diagnostics" />
      <Tabs value={tab} onChange={(_event, value: number) => setTab(value)} sx={{ mb: 2 }}>
        <Tab label={translate('atrio.diagnostics.connection')} />
        <Tab label={translate('atrio.diagnostics.authentication')} />
      </Tabs>
      {tab === 0 ? <Connection /> : <Authentication />}
    </Box>
  );
}
