import { useState } from 'react';
import DownloadIcon from '@mui/icons-material/Download';
import VerifiedIcon from '@mui/icons-material/Verified';
import { Alert, Box } from '@mui/material';
import {
  Button,
  Datagrid,
  DateField,
  DateInput,
  FilterButton,
  FunctionField,
  List,
  SearchInput,
  SelectInput,
  TextField,
  TextInput,
  TopToolbar,
  useListContext,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { AuditEntry, AuditVerifyResult } from '@atrio/protocol';
import { AUDIT_OUTCOME_NAMES as AUDIT_OUTCOMES } from '../common/wire-values';
import { StatusChip } from '../common/StatusChip';
import { api } from '../dataProvider';

const filters = [
  <SearchInput key="q" source="q" alwaysOn />,
  <TextInput key="actor" source="actor" />,
  <TextInput key="action" source="action" helperText="atrio.audit.action_help" />,
  <TextInput key="target" source="target" />,
  <SelectInput
    key="outcome"
    source="outcome"
    choices={AUDIT_OUTCOMES.map((id) => ({ id, name: `atrio.status.${id}` }))}
  />,
  <TextInput key="ip" source="ip" />,
  <DateInput key="from" source="from" />,
  <DateInput key="to" source="to" />,
];

/** Downloads exactly what the list shows: the same filter goes to the CSV export. */
function ExportCsv() {
  const { filterValues } = useListContext();
  const query = new URLSearchParams({ filter: JSON.stringify(filterValues) });
  return (
    <Button label="atrio.audit.export" component="a" href={`/api/admin/audit/export.csv?${query.toString()}`}>
      <DownloadIcon />
    </Button>
  );
}

function VerifyChain({ onResult }: { onResult: (result: AuditVerifyResult | string) => void }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      label={busy ? 'atrio.audit.verifying' : 'atrio.audit.verify'}
      disabled={busy}
      onClick={() => {
        setBusy(true);
        api<AuditVerifyResult>('/admin/audit/verify')
          .then(onResult, (error: Error) => onResult(error.message))
          .finally(() => setBusy(false));
      }}
    >
      <VerifiedIcon />
    </Button>
  );
}

function VerifyResult({ result }: { result: AuditVerifyResult | string }) {
  const translate = useTranslate();
  if (typeof result === 'string') return <Alert severity="error">{result}</Alert>;
  if (result.ok)
    return (
      <Alert severity="success" role="status">
        {translate('atrio.audit.chain_ok', {
          smart_count: result.checked,
          head: result.headHash.slice(0, 16),
        })}
      </Alert>
    );
  return (
    <Alert severity="error" role="status">
      {translate('atrio.audit.chain_broken', {
        id: result.firstBrokenId,
        reason: translate(`atrio.audit.reason.${result.reason}`),
        smart_count: result.checked,
      })}
    </Alert>
  );
}

function Details() {
  const entry = useRecordContext<AuditEntry>();
  if (!entry) return null;
  return (
    <Box component="pre" sx={{ m: 0, fontSize: '0.8rem', whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
      {JSON.stringify({ details: entry.details, hash: entry.hash, prevHash: entry.prevHash }, null, 2)}
    </Box>
  );
}

export function AuditList() {
  const [result, setResult] = useState<AuditVerifyResult | string | null>(null);
  return (
    <>
      {result !== null && (
        <Box sx={{ mt: 2 }}>
          <VerifyResult result={result} />
        </Box>
      )}
      <List
        filters={filters}
        sort={{ field: 'id', order: 'DESC' }}
        perPage={50}
        exporter={false}
        actions={
          <TopToolbar>
            <FilterButton />
            <ExportCsv />
            <VerifyChain onResult={setResult} />
          </TopToolbar>
        }
      >
        <Datagrid bulkActionButtons={false} rowClick="expand" expand={<Details />}>
          <TextField source="id" />
          <DateField source="at" showTime />
          <TextField source="actorName" emptyText="system" />
          <TextField source="action" />
          <TextField source="target" sortable={false} emptyText="—" />
          <FunctionField source="outcome" render={(e: AuditEntry) => <StatusChip value={e.outcome} />} />
          <TextField source="ip" sortable={false} emptyText="—" />
        </Datagrid>
      </List>
    </>
  );
}
