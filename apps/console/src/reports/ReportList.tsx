import { Datagrid, DateField, FunctionField, List, SelectInput, TextField, useTranslate } from 'react-admin';
import type { Report, ReportStatus } from '@atrio/protocol';
import { StatusChip } from '../common/StatusChip';
import { ReportContext } from './ReportContext';
import { ResolveReportButton } from './ResolveReport';

const statuses: Record<ReportStatus, true> = { open: true, resolved: true, dismissed: true };
const filters = [
  <SelectInput
    key="status"
    source="status"
    choices={Object.keys(statuses).map((id) => ({ id, name: `atrio.status.${id}` }))}
    alwaysOn
  />,
];

function Resolution({ report }: { report: Report }) {
  const translate = useTranslate();
  return report.resolution ? (
    <>
      {translate(`atrio.reports.actions.${report.resolution}`, { _: report.resolution })}
      {report.resolvedByName ? ` · ${report.resolvedByName}` : ''}
    </>
  ) : null;
}

/** The moderation queue (react-admin demo's reviews/ pattern): open reports first, the message in context on expand. */
export function ReportList() {
  return (
    <List
      filters={filters}
      filterDefaultValues={{ status: 'open' }}
      sort={{ field: 'createdAt', order: 'DESC' }}
      exporter={false}
      empty={false}
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<ReportContext />} expandSingle>
        <DateField source="createdAt" showTime />
        <TextField source="roomName" sortable={false} />
        <FunctionField
          source="message"
          sortable={false}
          render={(r: Report) => `${r.message.authorName}: ${r.message.deleted ? '—' : r.message.body}`}
        />
        <TextField source="reporterName" sortable={false} />
        <TextField source="reason" sortable={false} />
        <FunctionField source="status" render={(r: Report) => <StatusChip value={r.status} />} />
        <FunctionField
          source="resolution"
          sortable={false}
          render={(r: Report) => <Resolution report={r} />}
        />
        <ResolveReportButton />
      </Datagrid>
    </List>
  );
}
