import { Box, Stack } from '@mui/material';
import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  SelectInput,
  TextField,
  useLocaleState,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { RoutineRun } from '@atrio/protocol';
import {
  ROUTINE_KIND_NAMES as ROUTINE_KINDS,
  RUN_STATUS_NAMES as ROUTINE_RUN_STATUSES,
} from '../common/wire-values';
import { StatusChip } from '../common/StatusChip';
import { RoutineAlerts } from './RoutineAlerts';
import { RoutineCard } from './RoutineCard';
import { RunItems } from './RunItems';

const filters = [
  <SelectInput
    key="kind"
    source="kind"
    choices={ROUTINE_KINDS.map((id) => ({ id, name: `atrio.routines.kind.${id}` }))}
    alwaysOn
  />,
  <SelectInput
    key="status"
    source="status"
    choices={ROUTINE_RUN_STATUSES.map((id) => ({ id, name: `atrio.status.${id}` }))}
    alwaysOn
  />,
];

function Translated({ prefix, value }: { prefix: string; value: string }) {
  const translate = useTranslate();
  return <>{translate(`${prefix}.${value}`)}</>;
}

/** §8: the three routines side by side, open alerts on top, and every run with who started it. */
export function RoutinesPage() {
  const [locale] = useLocaleState();
  return (
    <Box>
      <Stack spacing={2} sx={{ mt: 2 }}>
        <RoutineAlerts showNone />
        {/* One above the other: side by side, each card's "what was found" column was cut off. */}
        <Box sx={{ display: 'grid', gap: 2, gridTemplateColumns: '1fr' }}>
          {ROUTINE_KINDS.map((kind) => (
            <RoutineCard key={kind} kind={kind} />
          ))}
        </Box>
      </Stack>
      <List
        filters={filters}
        sort={{ field: 'id', order: 'DESC' }}
        exporter={false}
        empty={false}
        title="atrio.menu.routines"
        actions={false}
        disableSyncWithLocation
      >
        <Datagrid bulkActionButtons={false} rowClick="expand" expand={<ExpandedRun />}>
          <TextField source="id" />
          <FunctionField
            source="kind"
            render={(r: RoutineRun) => <Translated prefix="atrio.routines.kind" value={r.kind} />}
          />
          <FunctionField
            source="trigger"
            render={(r: RoutineRun) => <Translated prefix="atrio.routines.trigger" value={r.trigger} />}
          />
          <TextField source="startedByName" sortable={false} emptyText="—" />
          <DateField source="startedAt" showTime locales={locale} />
          <FunctionField source="status" render={(r: RoutineRun) => <StatusChip value={r.status} />} />
          <TextField source="acknowledgedByName" sortable={false} emptyText="" />
        </Datagrid>
      </List>
    </Box>
  );
}

function ExpandedRun() {
  const run = useRecordContext<RoutineRun>();
  return run ? <RunItems run={run} /> : null;
}
