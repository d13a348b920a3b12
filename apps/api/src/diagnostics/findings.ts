import type { AuthenticationDiagnostics, ConnectionDiagnostics, DiagnosticFinding } from '@atrio/protocol';

type ConnectionFigures = Omit<ConnectionDiagnostics, 'findings'>;
type AuthFigures = Omit<AuthenticationDiagnostics, 'findings'>;

const HOUR_MS = 3_600_000;
const finding = (
  severity: DiagnosticFinding['severity'],
  code: string,
  params: DiagnosticFinding['params'] = {},
) => ({
  severity,
  code,
  params,
});

function countBy<T>(items: T[], key: (item: T) => string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1]);
}

/** The likely causes of "connection refused" in these figures, worst first. */
export function connectionFindings(figures: ConnectionFigures, now: Date): DiagnosticFinding[] {
  const out: DiagnosticFinding[] = [];
  const { certificate } = figures;
  if (certificate.daysLeft < 0) out.push(finding('problem', 'cert_expired', { days: -certificate.daysLeft }));
  else if (certificate.daysLeft < 7)
    out.push(finding('warning', 'cert_expiring', { days: certificate.daysLeft }));
  if (!certificate.coversReachedAs)
    out.push(finding('problem', 'cert_name_missing', { host: figures.reachedAs }));
  if (certificate.selfSigned) out.push(finding('info', 'cert_self_signed'));
  const lastHour = figures.refusals.filter((r) => now.getTime() - Date.parse(r.at) < HOUR_MS);
  for (const [reason, count] of countBy(lastHour, (r) => `${r.kind}:${r.reason}`)) {
    const [kind, code] = reason.split(':') as [string, string];
    const address = lastHour.find((r) => `${r.kind}:${r.reason}` === reason)?.address ?? '';
    out.push(finding('warning', `refused_${kind}_${code.toLowerCase()}`, { count, address }));
  }
  if (out.every((f) => f.severity === 'info'))
    out.push(finding('ok', 'connection_ok', { port: figures.listening.port }));
  return out;
}

/** The likely causes of failing sign-ins in these figures, worst first. */
export function authenticationFindings(figures: AuthFigures): DiagnosticFinding[] {
  const out: DiagnosticFinding[] = [];
  if (figures.throttledAddresses > 0)
    out.push(finding('problem', 'throttled_addresses', { count: figures.throttledAddresses }));
  if (figures.lockedAccounts > 0)
    out.push(finding('warning', 'locked_accounts', { count: figures.lockedAccounts }));
  const reason = (name: string) => figures.byReason.find((r) => r.reason === name)?.count ?? 0;
  if (reason('totp') >= 3)
    out.push(finding('warning', 'totp_failures', { count: reason('totp'), time: figures.serverTime }));
  const top = figures.byAddress[0];
  if (top && figures.failures >= 10 && top.count / figures.failures >= 0.5)
    out.push(finding('warning', 'one_address', { ip: top.ip, count: top.count, total: figures.failures }));
  if (figures.unknownNames >= 5)
    out.push(finding('warning', 'unknown_names', { count: figures.unknownNames }));
  if (reason('answers') > 0) out.push(finding('info', 'answers_failures', { count: reason('answers') }));
  if (figures.failures === 0) out.push(finding('ok', 'no_failures'));
  else if (out.length === 0) out.push(finding('info', 'some_failures', { count: figures.failures }));
  return out;
}
