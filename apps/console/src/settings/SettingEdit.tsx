import { Box, Typography } from '@mui/material';
import {
  Edit,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { SettingRow } from '@atrio/protocol';

function validJson(value: string) {
  try {
    JSON.parse(value);
    return undefined;
  } catch {
    return 'atrio.settings.invalid_json';
  }
}

function Default() {
  const row = useRecordContext<SettingRow>();
  const translate = useTranslate();
  if (!row) return null;
  return (
    <Box sx={{ mb: 2 }}>
      <Typography variant="body2">{row.description}</Typography>
      <Typography variant="caption" color="text.secondary">
        {translate('atrio.settings.default')}: <code>{JSON.stringify(row.default)}</code>
      </Typography>
    </Box>
  );
}

/**
 * The value is edited as JSON and checked by the server's own schema for that key when saved: a
 * refused value comes back as VALIDATION_FAILED naming the field, and nothing changes.
 */
export function SettingEdit() {
  return (
    <Edit
      mutationMode="pessimistic"
      transform={(data: SettingRow & { json: string }) => ({ value: JSON.parse(data.json) as unknown })}
      queryOptions={{ select: (row: SettingRow) => ({ ...row, json: JSON.stringify(row.value, null, 2) }) }}
    >
      <SimpleForm
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
      >
        <TextInput source="key" disabled />
        <Default />
        <TextInput
          source="json"
          multiline
          minRows={6}
          fullWidth
          validate={validJson}
          sx={{ '& textarea': { fontFamily: 'monospace' } }}
        />
      </SimpleForm>
    </Edit>
  );
}
