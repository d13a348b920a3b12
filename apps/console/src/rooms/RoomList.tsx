import { useEffect, useState } from 'react';
import ArchiveIcon from '@mui/icons-material/Archive';
import HistoryToggleOffIcon from '@mui/icons-material/HistoryToggleOff';
import UnarchiveIcon from '@mui/icons-material/Unarchive';
import { Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import {
  BooleanInput,
  Button,
  Confirm,
  Datagrid,
  DateField,
  FunctionField,
  List,
  NumberField,
  SearchInput,
  SelectInput,
  TextField,
  usePermissions,
  useRecordContext,
  useTranslate,
} from 'react-admin';
import type { AdminRoom, RoomMember, RoomVisibility } from '@atrio/protocol';
import { can } from '../access';
import { CommentDialog } from '../common/CommentDialog';
import { useAction } from '../common/useAction';
import { api } from '../dataProvider';

const visibilities: Record<RoomVisibility, true> = { public: true, private: true, direct: true };

function ArchiveButton() {
  const room = useRecordContext<AdminRoom>();
  const { pending, run } = useAction();
  const [asking, setAsking] = useState(false);
  if (!room) return null;
  const next = !room.archived;
  return (
    <>
      <Button
        label={next ? 'atrio.rooms.archive' : 'atrio.rooms.reopen'}
        disabled={pending}
        onClick={(e) => (e.stopPropagation(), setAsking(true))}
      >
        {next ? <ArchiveIcon /> : <UnarchiveIcon />}
      </Button>
      <Confirm
        isOpen={asking}
        title={next ? 'atrio.rooms.archive' : 'atrio.rooms.reopen'}
        content={next ? 'atrio.rooms.archive_confirm' : 'atrio.rooms.reopen_confirm'}
        translateOptions={{ name: room.name }}
        onClose={() => setAsking(false)}
        onConfirm={() => {
          setAsking(false);
          void run(
            () => api(`/rooms/${room.id}/archive`, { method: 'POST', body: { archived: next } }),
            next ? 'atrio.rooms.archived' : 'atrio.rooms.reopened',
          );
        }}
      />
    </>
  );
}

/** A room's own retention: a number of days, or empty to keep forever; *Follow the global policy* removes it. */
function RetentionButton() {
  const room = useRecordContext<AdminRoom>();
  const translate = useTranslate();
  const { pending, run } = useAction();
  const [open, setOpen] = useState(false);
  if (!room) return null;
  return (
    <>
      <Button
        label="atrio.rooms.retention"
        disabled={pending}
        onClick={(e) => (e.stopPropagation(), setOpen(true))}
      >
        <HistoryToggleOffIcon />
      </Button>
      <CommentDialog
        open={open}
        title={translate('atrio.rooms.retention_title', { name: room.name })}
        body={translate('atrio.rooms.retention_help')}
        label={translate('atrio.rooms.retention_days')}
        confirmLabel={translate('ra.action.save')}
        onClose={() => setOpen(false)}
        onConfirm={(text) => {
          setOpen(false);
          if (text === '-')
            void run(
              () => api(`/admin/retention/rooms/${room.id}`, { method: 'DELETE' }),
              'atrio.rooms.retention_saved',
            );
          else
            void run(
              () =>
                api(`/admin/retention/rooms/${room.id}`, {
                  method: 'PUT',
                  body: { messageDays: text === '' ? null : Number(text) },
                }),
              'atrio.rooms.retention_saved',
            );
        }}
      />
    </>
  );
}

function Members() {
  const room = useRecordContext<AdminRoom>();
  const translate = useTranslate();
  const [members, setMembers] = useState<RoomMember[] | string | null>(null);
  useEffect(() => {
    if (room)
      api<RoomMember[]>(`/admin/rooms/${room.id}/members`).then(setMembers, (e: Error) =>
        setMembers(e.message),
      );
  }, [room]);
  if (members === null) return null;
  if (typeof members === 'string')
    return (
      <Typography sx={{ p: 1 }} color="text.secondary">
        {members}
      </Typography>
    );
  return (
    <Table size="small" aria-label={translate('atrio.rooms.members')}>
      <TableHead>
        <TableRow>
          <TableCell>{translate('resources.users.fields.username')}</TableCell>
          <TableCell>{translate('resources.users.fields.displayName')}</TableCell>
          <TableCell>{translate('atrio.rooms.role')}</TableCell>
          <TableCell>{translate('atrio.rooms.presence')}</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {members.map((m) => (
          <TableRow key={m.userId}>
            <TableCell>{m.username}</TableCell>
            <TableCell>{m.displayName}</TableCell>
            <TableCell>{translate(`atrio.rooms.roles.${m.role}`)}</TableCell>
            <TableCell>{translate(`atrio.rooms.presences.${m.presence}`)}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function Retention({ room }: { room: AdminRoom }) {
  const translate = useTranslate();
  if (room.retention === null) return <>{translate('atrio.rooms.global')}</>;
  return (
    <>
      {room.retention.messageDays === null
        ? translate('atrio.rooms.forever')
        : translate('atrio.rooms.days', { smart_count: room.retention.messageDays })}
    </>
  );
}

export function RoomList() {
  const translate = useTranslate();
  const { permissions } = usePermissions<string[]>();
  const filters = [
    <SearchInput key="q" source="q" alwaysOn />,
    <SelectInput
      key="visibility"
      source="visibility"
      choices={Object.keys(visibilities).map((id) => ({ id, name: `atrio.rooms.visibility.${id}` }))}
      alwaysOn
    />,
    <BooleanInput key="archived" source="archived" />,
  ];
  return (
    <List filters={filters} sort={{ field: 'name', order: 'ASC' }} exporter={false} empty={false}>
      <Datagrid bulkActionButtons={false} rowClick="expand" expand={<Members />}>
        <TextField source="name" />
        <FunctionField
          source="visibility"
          render={(r: AdminRoom) => translate(`atrio.rooms.visibility.${r.visibility}`)}
        />
        <NumberField source="memberCount" sortable={false} />
        <NumberField source="messageCount" sortable={false} />
        <DateField source="lastMessageAt" showTime sortable={false} emptyText="—" />
        <FunctionField
          source="archived"
          sortable={false}
          render={(r: AdminRoom) =>
            r.archived ? <Chip size="small" label={translate('atrio.rooms.archived_chip')} /> : null
          }
        />
        <FunctionField
          source="retention"
          sortable={false}
          render={(r: AdminRoom) => <Retention room={r} />}
        />
        <ArchiveButton />
        {can(permissions, 'settings.manage') && <RetentionButton />}
      </Datagrid>
    </List>
  );
}
