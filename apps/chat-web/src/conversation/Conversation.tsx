import { useCallback, useState } from 'react';
import type { Message, Room } from '@atrio/protocol';
import { RoomInfo } from '../rooms/RoomInfo';
import { roomTitle, otherMember } from '../rooms/room-names';
import { joinRoom, leaveRoom, toggleMute } from '../store/room-actions';
import { store, useChat } from '../store/store';
import { SummariseButton, SummaryPanel } from '../summaries';
import { describeError } from '../ui/ErrorLine';
import { Icon } from '../ui/Icon';
import { useT } from '../ui/useT';
import { Composer } from './Composer';
import { Timeline } from './Timeline';
import { TypingLine } from './TypingLine';

export function Conversation({ room, onBack }: { room: Room; onBack: () => void }) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const members = useChat((s) => s.members[room.id]);
  const other = otherMember(me.id, members);
  const presence = useChat((s) => (other ? (s.presence[other.userId] ?? other.presence) : undefined));
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [editing, setEditing] = useState<Message | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [info, setInfo] = useState(false);
  const title = roomTitle(room, me.id, me.displayName, members);
  const muted = useChat((s) => s.muted.includes(room.id));

  const onReply = useCallback((message: Message) => {
    setEditing(null);
    setReplyTo(message);
  }, []);
  const onEdit = useCallback((message: Message) => {
    setReplyTo(null);
    setEditing(message);
  }, []);
  const editLast = useCallback(() => {
    const messages = store.get().views[room.id]?.messages ?? [];
    const mine = [...messages]
      .reverse()
      .find((m) => m.authorId === me.id && m.kind === 'text' && m.body !== '');
    if (mine) onEdit(mine);
  }, [room.id, me.id, onEdit]);

  async function act(work: () => Promise<void>) {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(describeError(store.get().language, error));
    }
  }

  return (
    <section className="conversation" aria-labelledby="room-title">
      <header className="room-header">
        <button type="button" className="icon-button back" aria-label={t('sidebar.label')} onClick={onBack}>
          <Icon name="back" />
        </button>
        <div className="room-heading">
          <h1 id="room-title">
            {room.visibility === 'direct' ? (
              <span
                className={`presence presence-${presence ?? 'offline'}`}
                role="img"
                aria-label={t(`presence.${presence ?? 'offline'}`)}
              />
            ) : (
              <span aria-hidden="true" className="room-hash">
                {room.visibility === 'private' ? <Icon name="lock" size={16} /> : '#'}
              </span>
            )}
            {title}
          </h1>
          {(room.topic || room.description) && (
            <p className="muted small room-topic">{room.topic || room.description}</p>
          )}
        </div>
        <div className="room-actions">
          <SummariseButton room={room} title={title} />
          <button type="button" className="link-quiet small" onClick={() => setInfo(true)}>
            {room.memberCount === 1 ? t('browse.memberOne') : t('browse.members', { n: room.memberCount })}
          </button>
          <button
            type="button"
            className="icon-button"
            title={muted ? t('room.unmute') : t('room.mute')}
            aria-label={muted ? t('room.unmute') : t('room.mute')}
            aria-pressed={muted}
            onClick={() => void act(() => toggleMute(room.id))}
          >
            <Icon name={muted ? 'bellOff' : 'bell'} />
          </button>
          {room.joined && room.visibility !== 'direct' && (
            <button
              type="button"
              className="icon-button"
              title={t('room.leave')}
              aria-label={t('room.leave')}
              onClick={() => {
                if (window.confirm(t('room.leaveConfirm', { name: title })))
                  void act(() => leaveRoom(room.id));
              }}
            >
              <Icon name="leave" />
            </button>
          )}
        </div>
      </header>
      {problem && (
        <p className="error banner" role="alert">
          {problem}
        </p>
      )}
      <SummaryPanel room={room} />
      {info && <RoomInfo room={room} title={title} onClose={() => setInfo(false)} />}
      <Timeline room={room} title={title} onReply={onReply} onEdit={onEdit} />
      <TypingLine roomId={room.id} />
      {room.archived ? (
        <p className="notice banner">{t('room.archived')}</p>
      ) : !room.joined ? (
        <div className="notice banner row">
          <span>{t('room.notJoined')}</span>
          <button type="button" className="primary" onClick={() => void act(() => joinRoom(room.id))}>
            {t('room.join')}
          </button>
        </div>
      ) : (
        <Composer
          room={room}
          title={title}
          replyTo={replyTo}
          editing={editing}
          onCancel={() => {
            setReplyTo(null);
            setEditing(null);
          }}
          onEditLast={editLast}
        />
      )}
    </section>
  );
}
