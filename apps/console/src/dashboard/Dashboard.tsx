import { lazy, Suspense, useMemo } from 'react';
import { Alert, Box, Card, CardContent, CardHeader, Skeleton, Typography } from '@mui/material';
import { Link } from 'react-router-dom';
import { Title, useGetList, useLocaleState, usePermissions, useTranslate } from 'react-admin';
import type { BackupManifest, CertificateStatus, Health, MonitoringSummary, Report } from '@atrio/protocol';
import { can } from '../access';
import { useEvery } from '../common/useEvery';
import { formatBytes, formatDateTime, formatDuration } from '../common/format';
import { StatusChip } from '../common/StatusChip';
import { RoutineAlerts } from '../routines/RoutineAlerts';
import { PendingRuns } from '../routines/PendingRuns';
import { RoutineCard } from '../routines/RoutineCard';
import { AiTile } from './AiTile';
import type { Series } from './MonitoringCharts';

const MonitoringChart = lazy(() => import('./MonitoringCharts'));

function Figure({
  label,
  value,
  hint,
  tone,
}: {
  label: string;
  value: string;
  hint?: string;
  tone?: 'error' | 'warning';
}) {
  return (
    <Card>
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h5" component="p" color={tone ? `${tone}.main` : undefined}>
          {value}
        </Typography>
        {hint && (
          <Typography variant="caption" color="text.secondary">
            {hint}
          </Typography>
        )}
      </CardContent>
    </Card>
  );
}

function Monitoring({ part }: { part: 'figures' | 'charts' }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data: health, error: healthError } = useEvery<Health>('/health', true);
  const { data, error } = useEvery<MonitoringSummary>('/admin/monitoring/summary', true);
  const series = useMemo(
    () => ({
      load: [
        { name: translate('atrio.dashboard.cpu'), pick: (b) => Math.round(b.cpuPercent * 10) / 10 },
      ] satisfies Series[],
      memory: [
        { name: translate('atrio.dashboard.memory'), pick: (b) => Math.round(b.rssBytes / 1e6) },
      ] satisfies Series[],
      traffic: [
        { name: translate('atrio.dashboard.messages'), pick: (b) => b.messages },
        { name: translate('atrio.dashboard.connections'), pick: (b) => b.connections },
        { name: translate('atrio.dashboard.login_failures'), pick: (b) => b.loginFailures },
      ] satisfies Series[],
      latency: [
        { name: translate('atrio.dashboard.response_p95'), pick: (b) => b.httpP95Ms },
      ] satisfies Series[],
    }),
    [translate],
  );
  if (error) return <Alert severity="error">{error}</Alert>;
  const now = data?.now;
  const lastP95 = data?.history.findLast((b) => b.httpP95Ms !== null)?.httpP95Ms ?? null;
  if (part === 'figures')
    return (
      <Box
        sx={{
          display: 'grid',
          gap: 2,
          gridTemplateColumns: { xs: '1fr 1fr', md: 'repeat(3, 1fr)', lg: 'repeat(6, 1fr)' },
        }}
      >
        <Figure
          label={translate('atrio.dashboard.server')}
          value={
            healthError ? translate('atrio.dashboard.down') : health ? translate('atrio.dashboard.up') : '…'
          }
          hint={
            health
              ? `${translate('atrio.dashboard.uptime')} ${formatDuration(health.uptimeSeconds, locale)} · ${health.database} · v${health.version}`
              : undefined
          }
          tone={healthError ? 'error' : undefined}
        />
        <Figure
          label={translate('atrio.dashboard.connections')}
          value={now ? String(now.connections) : '…'}
          hint={now ? translate('atrio.dashboard.online_users', { smart_count: now.onlineUsers }) : undefined}
        />
        <Figure
          label={translate('atrio.dashboard.messages_per_minute')}
          value={now ? String(now.messagesPerMinute) : '…'}
        />
        <Figure
          label={translate('atrio.dashboard.login_failures_hour')}
          value={now ? String(now.loginFailuresLastHour) : '…'}
          tone={now && now.loginFailuresLastHour > 20 ? 'warning' : undefined}
        />
        <Figure
          label={translate('atrio.dashboard.response_p95')}
          value={lastP95 === null ? '—' : `${Math.round(lastP95)} ms`}
          hint={
            now ? `${translate('atrio.dashboard.event_loop')} ${now.eventLoopLagMs.toFixed(1)} ms` : undefined
          }
        />
        <Figure
          label={translate('atrio.dashboard.cpu_memory')}
          value={now ? `${now.cpuPercent.toFixed(0)} %` : '…'}
          hint={now ? formatBytes(now.memoryRss) : undefined}
        />
      </Box>
    );
  return (
    <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: { xs: '1fr', md: '1fr 1fr' } }}>
      {(['load', 'memory', 'traffic', 'latency'] as const).map((key) => (
        <Card key={key}>
          <CardHeader
            slotProps={{ title: { component: 'h2', variant: 'h6' } }}
            title={translate(`atrio.dashboard.chart.${key}`)}
            sx={{ pb: 0 }}
          />
          <CardContent>
            {data ? (
              <Suspense fallback={<Skeleton variant="rectangular" height={220} />}>
                <MonitoringChart
                  history={data.history}
                  series={series[key]}
                  unit={key === 'load' ? '%' : key === 'memory' ? 'MB' : key === 'latency' ? 'ms' : ''}
                  label={translate(`atrio.dashboard.chart.${key}`)}
                />
              </Suspense>
            ) : (
              <Skeleton variant="rectangular" height={220} />
            )}
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}

function LastBackup() {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  const { data, isPending } = useGetList<BackupManifest>('backups', {
    sort: { field: 'createdAt', order: 'DESC' },
    pagination: { page: 1, perPage: 1 },
  });
  const last = data?.[0];
  const ageHours = last ? (Date.now() - Date.parse(last.createdAt)) / 3.6e6 : null;
  return (
    <Card>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.dashboard.last_backup')}
        action={<Link to="/backups">{translate('atrio.dashboard.open')}</Link>}
      />
      <CardContent>
        {isPending ? (
          <Skeleton />
        ) : last ? (
          <>
            <Typography
              variant="h6"
              component="p"
              color={ageHours !== null && ageHours > 26 ? 'warning.main' : undefined}
            >
              {formatDateTime(last.createdAt, locale)} <StatusChip value={last.status} />
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {last.verifiedAt
                ? translate('atrio.dashboard.verified_at', { at: formatDateTime(last.verifiedAt, locale) })
                : translate('atrio.dashboard.not_verified')}{' '}
              · {formatBytes(last.compressedBytes)}
            </Typography>
          </>
        ) : (
          <Alert severity="warning">{translate('atrio.dashboard.no_backup')}</Alert>
        )}
      </CardContent>
    </Card>
  );
}

function Certificate() {
  const translate = useTranslate();
  const { data, error } = useEvery<CertificateStatus>('/admin/certificates/current', true);
  return (
    <Card>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.dashboard.certificate')}
        action={<Link to="/certificates">{translate('atrio.dashboard.open')}</Link>}
      />
      <CardContent>
        {error && <Alert severity="error">{error}</Alert>}
        {data ? (
          <>
            <Typography
              variant="h6"
              component="p"
              color={data.warning ? (data.warning === '30_days' ? 'warning.main' : 'error.main') : undefined}
            >
              {translate('atrio.certificates.days_left', { smart_count: data.daysLeft })}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              {data.sans.slice(0, 3).join(', ')}
              {data.selfSigned ? ` · ${translate('atrio.certificates.self_signed')}` : ''}
            </Typography>
          </>
        ) : (
          !error && <Skeleton />
        )}
      </CardContent>
    </Card>
  );
}

function OpenReports() {
  const translate = useTranslate();
  const { total, isPending } = useGetList<Report>('reports', {
    filter: { status: 'open' },
    pagination: { page: 1, perPage: 1 },
  });
  return (
    <Card>
      <CardHeader
        slotProps={{ title: { component: 'h2', variant: 'h6' } }}
        title={translate('atrio.dashboard.open_reports')}
        action={<Link to="/reports">{translate('atrio.dashboard.open')}</Link>}
      />
      <CardContent>
        <Typography variant="h4" component="p">
          {isPending ? '…' : (total ?? 0)}
        </Typography>
      </CardContent>
    </Card>
  );
}

/** §8.1 from one screen: the server's figures, backups, certificate, alerts and today's routine. */
export function Dashboard() {
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const side = [
    can(permissions, 'backups.manage') && <LastBackup key="backup" />,
    can(permissions, 'certificates.manage') && <Certificate key="cert" />,
    can(permissions, 'monitoring.read') && <AiTile key="ai" />,
    can(permissions, 'moderation.moderate') && <OpenReports key="reports" />,
  ].filter(Boolean);
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 2, mt: 2 }}>
      <Title title={translate('ra.page.dashboard')} />
      {can(permissions, 'monitoring.read') && <RoutineAlerts />}
      {can(permissions, 'monitoring.read') && <Monitoring part="figures" />}
      {side.length > 0 && (
        <Box
          sx={{
            display: 'grid',
            gap: 2,
            gridTemplateColumns: {
              xs: 'minmax(0, 1fr)',
              sm: 'repeat(2, minmax(0, 1fr))',
              lg: 'repeat(4, minmax(0, 1fr))',
            },
          }}
        >
          {side}
        </Box>
      )}
      {can(permissions, 'monitoring.read') && <RoutineCard kind="daily" todayOnly />}
      {can(permissions, 'monitoring.read') && <PendingRuns />}
      {can(permissions, 'monitoring.read') && <Monitoring part="charts" />}
    </Box>
  );
}
