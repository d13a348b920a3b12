import { useState, type KeyboardEvent } from 'react';
import { openRoom } from '../store/room-actions';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { useT } from '../ui/useT';
import { roomTitle, sidebarOrder, unreadBadge } from './room-names';
import { focusComposerSoon } from '../ui/focus-composer';

/** Ctrl+K: type part of a room's or person's name, Enter to go there. */
export function QuickSwitcher({ onClose, onOpened }: { onClose: () => void; onOpened: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const rooms = useChat((s) => s.rooms);
  const members = useChat((s) => s.members);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const words = query.trim().toLowerCase();
  const matches = sidebarOrder(rooms)
    .map((room) => ({ room, title: roomTitle(room, me.id, me.displayName, members[room.id]) }))
    .filter(({ title }) => !words || title.toLowerCase().includes(words))
    .sort((a, b) => b.room.unread - a.room.unread)
    .slice(0, 12);
  function go(index: number) {
    const match = matches[index];
    if (!match) return;
    void openRoom(match.room.id);
    onOpened();
    onClose();
    focusComposerSoon();
  }
  function onKeyDown(event: KeyboardEvent) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      setSelected((i) => (i + step + matches.length) % Math.max(1, matches.length));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      go(selected);
    }
  }
  return (
    <Dialog title={t('switcher.title')} onClose={onClose}>
      <input
        type="text"
        role="combobox"
        aria-expanded="true"
        aria-controls="switcher-list"
        aria-activedescendant={matches[selected] ? `switch-${matches[selected].room.id}` : undefined}
        aria-label={t('switcher.placeholder')}
        placeholder={t('switcher.placeholder')}
        value={query}
        autoFocus
        onChange={(e) => {
          setQuery(e.target.value);
          setSelected(0);
        }}
        onKeyDown={onKeyDown}
      />
      <ul id="switcher-list" role="listbox" className="switcher-list" aria-label={t('switcher.title')}>
        {matches.map(({ room, title }, i) => (
          <li
            key={room.id}
            id={`switch-${room.id}`}
            role="option"
            aria-selected={i === selected}
            className={i === selected ? 'selected' : ''}
            onClick={() => go(i)}
          >
            <span aria-hidden="true">{room.visibility === 'direct' ? '@' : '#'}</span> {title}
            {room.unread > 0 && <span className="badge">{unreadBadge(room.unread)}</span>}
          </li>
        ))}
        {matches.length === 0 && <li className="muted">{t('switcher.none')}</li>}
      </ul>
    </Dialog>
  );
}
