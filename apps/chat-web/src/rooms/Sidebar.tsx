import { useEffect, useState } from 'react';
import type { Room } from '@atrio/protocol';
import { loadDirectPresence, openRoom } from '../store/room-actions';
import { useChat } from '../store/store';
import { ConnectionBadge } from '../ui/ConnectionBadge';
import { Icon } from '../ui/Icon';
import { useT } from '../ui/useT';
import { BrowseRooms } from './BrowseRooms';
import { CreateRoom } from './CreateRoom';
import { NewDirect } from './NewDirect';
import { otherMember, roomTitle, unreadBadge } from './room-names';
import { UserMenu } from './UserMenu';

type Open = 'browse' | 'create' | 'direct' | null;

export function Sidebar({ onOpened }: { onOpened: () => void }) {
  const t = useT();
  const rooms = useChat((s) => s.rooms);
  const me = useChat((s) => s.me);
  const [open, setOpen] = useState<Open>(null);
  useEffect(() => loadDirectPresence(), [rooms]);
  if (!me) return null;
  const joined = rooms.filter((r) => r.joined);
  const channels = joined.filter((r) => r.visibility !== 'direct');
  const directs = joined.filter((r) => r.visibility === 'direct');
  const canCreate = me.permissions.includes('rooms.create');
  return (
    <aside className="sidebar">
      <UserMenu />
      <ConnectionBadge />
      <nav aria-label={t('sidebar.label')} className="room-nav">
        <div className="section-title">
          <h2>{t('sidebar.rooms')}</h2>
          <div className="section-actions">
            <button
              type="button"
              className="icon-button"
              title={t('sidebar.browse')}
              aria-label={t('sidebar.browse')}
              onClick={() => setOpen('browse')}
            >
              <Icon name="compass" />
            </button>
            {canCreate && (
              <button
                type="button"
                className="icon-button"
                title={t('sidebar.create')}
                aria-label={t('sidebar.create')}
                onClick={() => setOpen('create')}
              >
                <Icon name="plus" />
              </button>
            )}
          </div>
        </div>
        {channels.length === 0 && <p className="muted small">{t('sidebar.empty')}</p>}
        <ul className="room-list">
          {channels.map((room) => (
            <RoomLink key={room.id} room={room} onOpened={onOpened} />
          ))}
        </ul>
        <div className="section-title">
          <h2>{t('sidebar.direct')}</h2>
          <div className="section-actions">
            <button
              type="button"
              className="icon-button"
              title={t('sidebar.newDirect')}
              aria-label={t('sidebar.newDirect')}
              onClick={() => setOpen('direct')}
            >
              <Icon name="plus" />
            </button>
          </div>
        </div>
        <ul className="room-list">
          {directs.map((room) => (
            <RoomLink key={room.id} room={room} onOpened={onOpened} />
          ))}
        </ul>
      </nav>
      <p className="muted small switcher-hint">{t('sidebar.switcherHint')}</p>
      {open === 'browse' && <BrowseRooms onClose={() => setOpen(null)} onOpened={onOpened} />}
      {open === 'create' && <CreateRoom onClose={() => setOpen(null)} onOpened={onOpened} />}
      {open === 'direct' && <NewDirect onClose={() => setOpen(null)} onOpened={onOpened} />}
    </aside>
  );
}

function RoomLink({ room, onOpened }: { room: Room; onOpened: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const active = useChat((s) => s.activeRoomId === room.id);
  const members = useChat((s) => s.members[room.id]);
  const mentionCount = room.mentions;
  const other = otherMember(me.id, members);
  const presence = useChat((s) => (other ? (s.presence[other.userId] ?? other.presence) : undefined));
  const muted = useChat((s) => s.muted.includes(room.id));
  const title = roomTitle(room, me.id, me.displayName, members);
  const unread = room.unread;
  return (
    <li>
      <button
        type="button"
        className={`room-link${active ? ' active' : ''}${unread > 0 && !active ? ' has-unread' : ''}${muted ? ' muted-room' : ''}`}
        aria-current={active ? 'page' : undefined}
        onClick={() => {
          void openRoom(room.id);
          onOpened();
        }}
      >
        {room.visibility === 'direct' ? (
          <span
            className={`presence presence-${presence ?? 'offline'}`}
            role="img"
            aria-label={t(`presence.${presence ?? 'offline'}`)}
          />
        ) : (
          <span className="room-hash" aria-hidden="true">
            {room.visibility === 'private' ? <Icon name="lock" size={14} /> : '#'}
          </span>
        )}
        <span className="room-name">{title}</span>
        {mentionCount > 0 && !active && (
          <span className="badge mention-badge" aria-label={t('sidebar.mentions', { n: mentionCount })}>
            @{mentionCount}
          </span>
        )}
        {unread > 0 && !active && (
          <span className="badge" aria-label={t('sidebar.unread', { n: unreadBadge(unread) })}>
            {unreadBadge(unread)}
          </span>
        )}
      </button>
    </li>
  );
}
