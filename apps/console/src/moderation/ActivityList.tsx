import { Datagrid, DateField, FunctionField, List, TextField } from 'react-admin';
import type { AuditEntry } from '@atrio/protocol';
import { StatusChip } from '../common/StatusChip';

/** What moderators did (audit entries under `moderation.`), for the later review the manual asks for. */
export function ActivityList() {
  return (
    <List sort={{ field: 'id', order: 'DESC' }} exporter={false} empty={false} title="atrio.menu.activity">
      <Datagrid bulkActionButtons={false} rowClick={false}>
        <DateField source="at" showTime />
        <TextField source="actorName" emptyText="system" />
        <TextField source="action" />
        <TextField source="target" sortable={false} emptyText="—" />
        <FunctionField
          source="details"
          sortable={false}
          render={(e: AuditEntry) => String(e.details.reason ?? '')}
        />
        <FunctionField source="outcome" render={(e: AuditEntry) => <StatusChip value={e.outcome} />} />
      </Datagrid>
    </List>
  );
}
