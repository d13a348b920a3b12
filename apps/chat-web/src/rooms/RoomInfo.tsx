import type { Room } from '@atrio/protocol';
import { useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { useT } from '../ui/useT';

/** The room's description and topic, and who is in it (online first). */
export function RoomInfo({ room, title, onClose }: { room: Room; title: string; onClose: () => void }) {
  const t = useT();
  const members = useChat((s) => s.members[room.id]) ?? [];
  const presence = useChat((s) => s.presence);
  const rank = { online: 0, away: 1, offline: 2 } as const;
  const sorted = [...members].sort(
    (a, b) =>
      rank[presence[a.userId] ?? a.presence] - rank[presence[b.userId] ?? b.presence] ||
      a.displayName.localeCompare(b.displayName),
  );
  return (
    <Dialog title={title} onClose={onClose}>
      {room.description && <p>{room.description}</p>}
      {room.topic && <p className="muted">{room.topic}</p>}
      <h3>
        {t('room.members')} ({room.memberCount})
      </h3>
      <ul className="pick-list people">
        {sorted.map((m) => {
          const status = presence[m.userId] ?? m.presence;
          return (
            <li key={m.userId}>
              <span>
                <span
                  className={`presence presence-${status}`}
                  role="img"
                  aria-label={t(`presence.${status}`)}
                />
                {m.displayName} <span className="muted small">@{m.username}</span>
              </span>
              {m.role !== 'member' && <span className="muted small">{t(`role.${m.role}`)}</span>}
            </li>
          );
        })}
      </ul>
    </Dialog>
  );
}
