import { useState, type FormEvent } from 'react';
import type { SearchResults } from '@atrio/protocol';
import { api } from '../api';
import { timeOf } from '../conversation/message-time';
import { roomTitle } from '../rooms/room-names';
import { openRoom } from '../store/room-actions';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { useT } from '../ui/useT';

/** Search across the rooms this person can read; a result opens its room at that message. */
export function SearchDialog({ onClose }: { onClose: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const rooms = useChat((s) => s.rooms);
  const language = useChat((s) => s.language);
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<SearchResults | null>(null);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    try {
      setResults(await api.search(query));
    } catch (e) {
      setError(e);
    }
  }
  return (
    <Dialog title={t('search.title')} onClose={onClose} wide>
      <form className="row" onSubmit={(e) => void submit(e)} role="search">
        <label className="visually-hidden" htmlFor="search-query">
          {t('search.placeholder')}
        </label>
        <input
          id="search-query"
          type="search"
          placeholder={t('search.placeholder')}
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          autoFocus
          required
          maxLength={200}
        />
        <button type="submit" className="primary">
          {t('search.submit')}
        </button>
      </form>
      <ErrorLine error={error} />
      {results?.notice && <p className="notice">{results.notice.message}</p>}
      {results && results.results.length === 0 && <p className="muted">{t('search.none')}</p>}
      <ul className="search-results" aria-live="polite">
        {results?.results.map(({ message, snippet }) => {
          const room = rooms.find((r) => r.id === message.roomId);
          return (
            <li key={message.id}>
              <button
                type="button"
                className="search-hit"
                onClick={() => {
                  void openRoom(message.roomId, message.id);
                  onClose();
                }}
              >
                <span className="muted small">
                  <strong>{message.authorName}</strong>{' '}
                  {t('search.inRoom', { room: room ? roomTitle(room, me.id, me.displayName) : '…' })} ·{' '}
                  {new Date(message.createdAt).toLocaleDateString(language === 'es' ? 'es-ES' : 'en-GB')}{' '}
                  {timeOf(message.createdAt, language)}
                </span>
                <span className="snippet">{highlight(snippet)}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}

/** The server marks matches «like this» in plain text; they become <mark> elements here. */
function highlight(snippet: string) {
  return snippet
    .split(/(«[^»]*»)/g)
    .map((part, i) =>
      part.startsWith('«') && part.endsWith('»') ? (
        <mark key={i}>{part.slice(1, -1)}</mark>
      ) : (
        <span key={i}>{part}</span>
      ),
    );
}
