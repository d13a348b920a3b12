import { useEffect, useState } from 'react';
import type { Person } from '@atrio/protocol';
import { api } from '../api';
import { startDirect } from '../store/room-actions';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { focusComposerSoon } from '../ui/focus-composer';
import { useT } from '../ui/useT';

const TYPING_PAUSE_MS = 200;

/** Colleagues from the server's directory (active accounts), searched by name as the person types. */
export function NewDirect({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const livePresence = useChat((s) => s.presence);
  const [people, setPeople] = useState<Person[] | null>(null);
  const [chosen, setChosen] = useState<Person[]>([]);
  const [filter, setFilter] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      api
        .people(filter.trim())
        .then((answer) => current && setPeople(answer.people))
        .catch((e: unknown) => current && setError(e));
    }, TYPING_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [filter]);
  // The people already chosen stay listed (first) whatever the search shows.
  const shown = [...chosen, ...(people ?? []).filter((p) => !chosen.some((c) => c.id === p.id))];
  async function start() {
    try {
      await startDirect(chosen.map((p) => p.id));
      onOpened();
      onClose();
      focusComposerSoon();
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
      {people?.length === 0 && chosen.length === 0 && <p className="muted">{t('direct.none')}</p>}
      <ul className="pick-list people" aria-busy={people === null}>
        {shown.map((person) => {
          const status = livePresence[person.id] ?? person.presence;
          return (
            <li key={person.id}>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={chosen.some((c) => c.id === person.id)}
                  onChange={(e) =>
                    setChosen((list) =>
                      e.target.checked ? [...list, person] : list.filter((c) => c.id !== person.id),
                    )
                  }
                />
                <span
                  className={`presence presence-${status}`}
                  role="img"
                  aria-label={t(`presence.${status}`)}
                />
                {person.displayName} <span className="muted small">@{person.username}</span>
              </label>
            </li>
          );
        })}
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
