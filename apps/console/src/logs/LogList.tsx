import { Box, Chip } from '@mui/material';
import {
  BooleanInput,
  Datagrid,
  DateInput,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TextField,
  useLocaleState,
  useRecordContext,
} from 'react-admin';
import type { LogEntry, LogLevel } from '@atrio/protocol';
import { formatDateTime } from '../common/format';

const levels: Record<LogLevel, 'default' | 'info' | 'warning' | 'error'> = {
  trace: 'default',
  debug: 'default',
  info: 'info',
  warn: 'warning',
  error: 'error',
  fatal: 'error',
};

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <SelectInput
    key="level"
    source="level"
    choices={Object.keys(levels).map((id) => ({ id, name: id }))}
    alwaysOn
  />,
  <BooleanInput key="auth" source="auth" alwaysOn />,
  <DateInput key="from" source="from" />,
  <DateInput key="to" source="to" />,
];

function Details() {
  const entry = useRecordContext<LogEntry>();
  if (!entry) return null;
  return (
    <Box component="pre" sx={{ m: 0, fontSize: '0.8rem', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {entry.file}
      {'\n'}
      {JSON.stringify(entry.details, null, 2)}
    </Box>
  );
}

function At() {
  const entry = useRecordContext<LogEntry>();
  const [locale] = useLocaleState();
  return <>{entry ? formatDateTime(entry.at, locale) : null}</>;
}

/** §7.2: server errors, warnings and authentication events from the log files, newest first, paged on the server. */
export function LogList() {
  return (
    <List
      filters={filters}
      filterDefaultValues={{ level: 'warn' }}
      sort={{ field: 'id', order: 'DESC' }}
      perPage={50}
      exporter={false}
      empty={false}
    >
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<Details />}>
        <FunctionField source="at" sortable={false} render={() => <At />} />
        <FunctionField
          source="level"
          sortable={false}
          render={(e: LogEntry) => (
            <Chip
              size="small"
              label={e.level}
              color={levels[e.level]}
              variant={levels[e.level] === 'default' ? 'outlined' : 'filled'}
            />
          )}
        />
        <FunctionField
          source="context"
          sortable={false}
          render={(e: LogEntry) => String(e.details.context ?? '')}
        />
        <TextField source="msg" sortable={false} />
      </Datagrid>
    </List>
  );
}
