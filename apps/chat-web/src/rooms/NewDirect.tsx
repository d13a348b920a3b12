import { useEffect, useState } from 'react';
import type { RoomMember } from '@atrio/protocol';
import { api } from '../api';
import { startDirect } from '../store/room-actions';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

/** People come from the member lists of the rooms this person is in (there is no user directory for members). */
export function NewDirect({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const rooms = useChat((s) => s.rooms);
  const [people, setPeople] = useState<RoomMember[] | null>(null);
  const [chosen, setChosen] = useState<number[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    const sources = rooms.filter((r) => r.joined && r.visibility !== 'direct').slice(0, 30);
    void Promise.all(sources.map((r) => api.members(r.id).catch(() => [] as RoomMember[]))).then((lists) => {
      const byId = new Map<number, RoomMember>();
      for (const m of lists.flat()) if (m.userId !== me.id) byId.set(m.userId, m);
      setPeople([...byId.values()].sort((a, b) => a.displayName.localeCompare(b.displayName)));
    });
  }, [rooms, me.id]);
  const words = filter.trim().toLowerCase();
  const shown = (people ?? []).filter(
    (p) => !words || p.displayName.toLowerCase().includes(words) || p.username.includes(words),
  );
  async function start() {
    try {
      await startDirect(chosen);
      onOpened();
      onClose();
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Dialog title={t('direct.title')} onClose={onClose}>
      <p className="muted">{t('direct.intro')}</p>
      <label className="visually-hidden" htmlFor="direct-filter">
        {t('direct.filter')}
      </label>
      <input
        id="direct-filter"
        type="search"
        placeholder={t('direct.filter')}
        value={filter}
        onChange={(e) => setFilter(e.target.value)}
        autoFocus
      />
      {people?.length === 0 && <p className="muted">{t('direct.none')}</p>}
      <ul className="pick-list people">
        {shown.map((person) => (
          <li key={person.userId}>
            <label className="inline">
              <input
                type="checkbox"
                checked={chosen.includes(person.userId)}
                onChange={(e) =>
                  setChosen((list) =>
                    e.target.checked ? [...list, person.userId] : list.filter((id) => id !== person.userId),
                  )
                }
              />
              <span className={`presence presence-${person.presence}`} aria-hidden="true" />
              {person.displayName} <span className="muted small">@{person.username}</span>
            </label>
          </li>
        ))}
      </ul>
      <ErrorLine error={error} />
      <div className="row end">
        <button type="button" onClick={onClose}>
          {t('dialog.cancel')}
        </button>
        <button type="button" className="primary" disabled={chosen.length === 0} onClick={() => void start()}>
          {t('direct.start')}
        </button>
      </div>
    </Dialog>
  );
}
