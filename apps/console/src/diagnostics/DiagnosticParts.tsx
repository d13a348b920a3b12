import {
  Alert,
  Box,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import RefreshIcon from '@mui/icons-material/Refresh';
import { Button, useLocaleState, useTranslate } from 'react-admin';
import type { DiagnosticFinding } from '@atrio/protocol';
import { formatDateTime } from '../common/format';

const SEVERITY = { problem: 'error', warning: 'warning', info: 'info', ok: 'success' } as const;

/** The likely causes, worst first, each a sentence of the console's in the user's language. */
export function Findings({ findings }: { findings: DiagnosticFinding[] }) {
  const translate = useTranslate();
  const [locale] = useLocaleState();
  return (
    <Stack spacing={1} role="list" aria-label={translate('atrio.diagnostics.findings')}>
      {findings.map((f, index) => {
        const params = {
          ...f.params,
          time: typeof f.params.time === 'string' ? formatDateTime(f.params.time, locale) : '',
          // Picks "1 connection …" or "%{count} connections …" in the findings that have both.
          ...(typeof f.params.count === 'number' ? { smart_count: f.params.count } : {}),
        };
        const generic = f.code.startsWith('refused_')
          ? 'atrio.diagnostics.finding.refused_other'
          : 'atrio.diagnostics.finding.other';
        return (
          <Alert key={index} severity={SEVERITY[f.severity]} role="listitem">
            {translate(`atrio.diagnostics.finding.${f.code}`, {
              ...params,
              code: f.code,
              _: translate(generic, { ...params, code: f.code }),
            })}
          </Alert>
        );
      })}
    </Stack>
  );
}

/** A small table that scrolls sideways inside its card rather than widening the page on a phone. */
export function Rows({ head, rows }: { head: string[]; rows: Array<Array<string | number>> }) {
  const translate = useTranslate();
  if (rows.length === 0)
    return <Typography color="text.secondary">{translate('atrio.diagnostics.none')}</Typography>;
  // Words stay whole (a phone showed "Reas on"); a table wider than the card scrolls inside it.
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" sx={{ '& th': { whiteSpace: 'nowrap' }, '& td': { overflowWrap: 'break-word' } }}>
        <TableHead>
          <TableRow>
            {head.map((h) => (
              <TableCell key={h}>{translate(h)}</TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {rows.map((row, i) => (
            <TableRow key={i}>
              {row.map((cell, j) => (
                <TableCell key={j}>{cell}</TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}

/** Reloads a card's figures; with its icon so a phone (where react-admin shows buttons as icons) still has it. */
export function RefreshButton({ onClick }: { onClick: () => void }) {
  return (
    <Button label="ra.action.refresh" onClick={onClick}>
      <RefreshIcon />
    </Button>
  );
}
