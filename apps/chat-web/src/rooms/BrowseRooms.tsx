import { useEffect, useState } from 'react';
import { joinRoom, openRoom } from '../store/room-actions';
import { refreshRooms } from '../store/room-list';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

export function BrowseRooms({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const rooms = useChat((s) => s.rooms);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => void refreshRooms().catch(setError), []);
  const words = filter.trim().toLowerCase();
  const shown = rooms.filter(
    (r) =>
      r.visibility === 'public' &&
      !r.archived &&
      (!words || r.name.toLowerCase().includes(words) || r.description.toLowerCase().includes(words)),
  );
  async function enter(roomId: number, joined: boolean) {
    try {
      await (joined ? openRoom(roomId) : joinRoom(roomId));
      onOpened();
      onClose();
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
        autoFocus
      />
      <ErrorLine error={error} />
      {shown.length === 0 && <p className="muted">{t('browse.none')}</p>}
      <ul className="pick-list">
        {shown.map((room) => (
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
    </Dialog>
  );
}
