import { Box, useMediaQuery, type Theme } from '@mui/material';
import {
  Datagrid,
  DateField,
  FunctionField,
  List,
  SearchInput,
  SimpleList,
  TextField,
  useTranslate,
} from 'react-admin';
import type { SettingRow } from '@atrio/protocol';

function useDescription() {
  const translate = useTranslate();
  return (row: SettingRow) => translate(`atrio.settings.about.${row.key}`, { _: row.description });
}

function Value({ row }: { row: SettingRow }) {
  return (
    <Box component="code" sx={{ fontSize: '0.75rem', wordBreak: 'break-all' }}>
      {JSON.stringify(row.value)}
    </Box>
  );
}

/** Every setting; on a phone a simple list (key, what it does, value) instead of a squeezed table. */
export function SettingList() {
  const phone = useMediaQuery((theme: Theme) => theme.breakpoints.down('sm'));
  const describe = useDescription();
  return (
    <List
      filters={[<SearchInput key="q" source="q" alwaysOn />]}
      sort={{ field: 'key', order: 'ASC' }}
      perPage={50}
      exporter={false}
      empty={false}
    >
      {phone ? (
        <SimpleList<SettingRow>
          primaryText={(row) => (
            <Box sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>{row.key}</Box>
          )}
          secondaryText={(row) => (
            <>
              {describe(row)}
              <br />
              <Value row={row} />
            </>
          )}
          linkType="edit"
        />
      ) : (
        <Datagrid bulkActionButtons={false} rowClick="edit">
          <TextField source="key" sx={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }} />
          <FunctionField source="description" sortable={false} render={(row: SettingRow) => describe(row)} />
          <FunctionField source="value" sortable={false} render={(row: SettingRow) => <Value row={row} />} />
          <DateField source="updatedAt" showTime emptyText="—" />
        </Datagrid>
      )}
    </List>
  );
}
