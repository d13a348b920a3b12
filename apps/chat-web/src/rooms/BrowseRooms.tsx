import { useEffect, useState } from 'react';
import type { Room } from '@atrio/protocol';
import { api } from '../api';
import { joinRoom, openRoom } from '../store/room-actions';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { useT } from '../ui/useT';
import { focusComposerSoon } from '../ui/focus-composer';

/** The public room directory, searched on the server a page at a time. */
export function BrowseRooms({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const [filter, setFilter] = useState('');
  const [rooms, setRooms] = useState<Room[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let live = true;
    const timer = setTimeout(() => {
      api.directory(filter.trim()).then(
        (page) => {
          if (!live) return;
          setRooms(page.rooms.filter((r) => !r.archived));
          setTotal(page.total);
        },
        (e: unknown) => live && setError(e),
      );
    }, 200);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [filter]);
  async function more() {
    try {
      const page = await api.directory(filter.trim(), rooms?.length ?? 0);
      setRooms((list) => [...(list ?? []), ...page.rooms.filter((r) => !r.archived)]);
    } catch (e) {
      setError(e);
    }
  }
  async function enter(roomId: number, joined: boolean) {
    try {
      await (joined ? openRoom(roomId) : joinRoom(roomId));
      onOpened();
      onClose();
      focusComposerSoon();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Dialog title={t('browse.title')} onClose={onClose}>
      <label className="visually-hidden" htmlFor="browse-filter">
        {t('browse.filter')}
      </label>
      <input
        id="browse-filter"
        type="search"
        placeholder={t('browse.filter')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
      />
      <ErrorLine error={error} />
      {rooms?.length === 0 && <p className="muted">{t('browse.none')}</p>}
      <ul className="pick-list">
        {rooms?.map((room) => (
          <li key={room.id}>
            <div>
              <strong># {room.name}</strong>
              {room.description && <p className="muted small">{room.description}</p>}
              <p className="muted small">
                {room.memberCount === 1
                  ? t('browse.memberOne')
                  : t('browse.members', { n: room.memberCount })}
              </p>
            </div>
            <button
              type="button"
              className={room.joined ? '' : 'primary'}
              onClick={() => void enter(room.id, room.joined)}
            >
              {room.joined ? t('browse.open') : t('browse.join')}
            </button>
          </li>
        ))}
      </ul>
      {rooms && rooms.length < total && (
        <button type="button" onClick={() => void more()}>
          {t('browse.more')}
        </button>
      )}
    </Dialog>
  );
}
