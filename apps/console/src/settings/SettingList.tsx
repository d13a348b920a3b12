import { Box } from '@mui/material';
import { Datagrid, DateField, FunctionField, List, SearchInput, TextField } from 'react-admin';
import type { SettingRow } from '@atrio/protocol';

export function SettingList() {
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'key', order: 'ASC' }}
      perPage={50}
      exporter={false}
      empty={false}
    >
      <Datagrid bulkActionButtons={false} rowClick="edit">
        <TextField source="key" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }} />
        <TextField source="description" sortable={false} />
        <FunctionField
          source="value"
          sortable={false}
          render={(row: SettingRow) => (
            <Box component="code" sx={{ fontSize: '0.75rem', wordBreak: 'break-all' }}>
              {JSON.stringify(row.value)}
            </Box>
          )}
        />
        <DateField source="updatedAt" showTime emptyText="—" />
      </Datagrid>
    </List>
  );
}
