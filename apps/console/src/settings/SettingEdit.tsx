import { Box, Typography } from '@mui/material';
import {
  BooleanInput,
  Edit,
  NumberInput,
  SaveButton,
  SimpleForm,
  TextInput,
  Toolbar,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { SettingField, SettingRow } from '@atrio/protocol';
import { api } from '../dataProvider';
import { hint, localProblem, serverProblems, setError, sourceOf, type Translate } from './settingForm';

type FormValues = SettingRow & { json: string };

function About() {
  const row = useRecordContext<SettingRow>();
  const translate = useTranslate();
  if (!row) return null;
  return (
    <Box sx={{ mb: 2, maxWidth: '60rem' }}>
      <Typography variant="h6" component="h2" sx={{ fontFamily: 'monospace', overflowWrap: 'anywhere' }}>
        {row.key}
      </Typography>
      <Typography variant="body2">
        {translate(`atrio.settings.about.${row.key}`, { _: row.description })}
      </Typography>
      {!row.fields && (
        <Typography variant="caption" color="text.secondary">
          {translate('atrio.settings.default')}: <code>{JSON.stringify(row.default)}</code>
        </Typography>
      )}
    </Box>
  );
}

function label(field: SettingField, translate: Translate): string {
  return field.name
    ? translate(`atrio.settings.field.${field.name}`, { _: field.name })
    : translate('atrio.settings.value');
}

function FieldInput({ field, row }: { field: SettingField; row: SettingRow }) {
  const translate = useTranslate();
  const common = {
    source: sourceOf(field),
    label: label(field, translate),
    helperText: hint(field, row.default, translate),
    fullWidth: true,
    sx: { maxWidth: { sm: '28rem' } },
  };
  if (field.constant !== undefined)
    return <TextInput {...common} disabled format={() => String(field.constant)} />;
  switch (field.type) {
    case 'boolean':
      return <BooleanInput {...common} />;
    case 'integer':
    case 'number':
      return (
        <NumberInput
          {...common}
          min={field.min}
          max={field.max}
          step={field.type === 'integer' ? 1 : 'any'}
          parse={(text: string) => (text === '' ? null : Number(text))}
        />
      );
    case 'string':
      return <TextInput {...common} parse={(text: string) => text} />;
  }
}

function Fields() {
  const row = useRecordContext<SettingRow>();
  if (!row) return null;
  if (!row.fields) {
    return (
      <TextInput
        source="json"
        multiline
        minRows={6}
        fullWidth
        sx={{ '& textarea': { fontFamily: 'monospace' } }}
      />
    );
  }
  return (
    <>
      {row.fields.map((field) => (
        <FieldInput key={field.name || 'value'} field={field} row={row} />
      ))}
    </>
  );
}

function pick(values: Record<string, unknown>, path: string): unknown {
  return path
    .split('.')
    .reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], values);
}

/** Parses the JSON fallback; undefined when it is not JSON. */
function parsedJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return undefined;
  }
}

/**
 * One field per value of the setting (drawn from the server's description of its schema); the
 * console says in the user's language what it can tell by itself (a number out of range, a field
 * left empty), then asks the server to check the value with the setting's own schema before the
 * save is offered, and shows each refused field with the server's reason beside it.
 */
function useValidate(translate: Translate) {
  return async (form: Record<string, unknown>) => {
    const values = form as FormValues;
    const errors: Record<string, unknown> = {};
    const row = values;
    if (!row.fields) {
      const parsed = parsedJson(values.json);
      if (!parsed) return { json: translate('atrio.settings.invalid_json') };
      const problems = await serverProblems((value) => check(row.key, value), parsed.value);
      const text = Object.entries(problems).map(([path, message]) => `${path}: ${message}`);
      return text.length > 0 ? { json: text.join('; ') } : {};
    }
    for (const field of row.fields) {
      const problem = localProblem(field, pick(values, sourceOf(field)), translate);
      if (problem) setError(errors, sourceOf(field), problem);
    }
    if (Object.keys(errors).length > 0) return errors;
    const problems = await serverProblems((value) => check(row.key, value), values.value);
    const known = new Set(row.fields.map(sourceOf));
    for (const [path, message] of Object.entries(problems)) {
      // A rule across fields (or on the whole value) shows on the first field.
      setError(errors, known.has(path) ? path : sourceOf(row.fields[0]!), message);
    }
    return errors;
  };
}

function check(key: string, value: unknown) {
  return api(`/admin/settings/${encodeURIComponent(key)}/check`, { method: 'POST', body: { value } });
}

/** Defined once: an inline `select` is a new function each render, which react-query runs again. */
const QUERY_OPTIONS = {
  select: (row: SettingRow): FormValues => ({ ...row, json: JSON.stringify(row.value, null, 2) }),
};

export function SettingEdit() {
  const translate = useTranslate();
  const validate = useValidate(translate);
  return (
    <Edit<FormValues>
      mutationMode="pessimistic"
      transform={(data: FormValues) => ({
        value: data.fields ? data.value : (JSON.parse(data.json) as unknown),
      })}
      queryOptions={QUERY_OPTIONS}
    >
      <SimpleForm
        validate={validate}
        mode="onBlur"
        reValidateMode="onBlur"
        toolbar={
          <Toolbar>
            <SaveButton />
          </Toolbar>
        }
      >
        <About />
        <Fields />
      </SimpleForm>
    </Edit>
  );
}
