import { memo, useState } from 'react';
import type { Message } from '@atrio/protocol';
import { EDIT_WINDOW_MINUTES } from '@atrio/protocol/constants.js';
import { api } from '../api';
import { markUnread } from '../store/reading';
import { systemText } from './system-text';
import { deleteMessage, react } from '../store/sending';
import { useChat, store } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { Icon } from '../ui/Icon';
import { useT } from '../ui/useT';
import { Markdown } from './Markdown';
import { fullDateOf, timeOf } from './message-time';
import { isDeleted } from './unread';

export const QUICK_REACTIONS = ['👍', '❤️', '😂', '🎉', '✅', '👀'];
const EDIT_WINDOW_MS = EDIT_WINDOW_MINUTES * 60_000;

export type Tick = 'sent' | 'delivered' | 'read';

interface Props {
  message: Message;
  compact: boolean;
  mine: boolean;
  tick: Tick | null;
  /** The message answered; null when it is not loaded. */
  replyTo: Message | null | undefined;
  canModerate: boolean;
  highlighted: boolean;
  onReply: (message: Message) => void;
  onEdit: (message: Message) => void;
}

export const MessageItem = memo(function MessageItem(props: Props) {
  const { message, compact, mine, tick, replyTo, canModerate, highlighted } = props;
  const t = useT();
  const language = useChat((s) => s.language);
  const myId = useChat((s) => s.me?.id);
  const myUsername = useChat((s) => s.me?.username);
  const [problem, setProblem] = useState<string | null>(null);
  const [picking, setPicking] = useState(false);

  if (message.kind === 'system') {
    return (
      <li className="message system" data-message-id={message.id}>
        <span>{systemText(message.body, t)}</span>{' '}
        <time dateTime={message.createdAt}>{timeOf(message.createdAt, language)}</time>
      </li>
    );
  }
  const deleted = isDeleted(message);
  const editable = mine && !deleted && Date.now() - Date.parse(message.createdAt) < EDIT_WINDOW_MS;

  async function act(work: () => Promise<unknown>) {
    setProblem(null);
    try {
      await work();
    } catch (error) {
      setProblem(describeError(store.get().language, error));
    }
  }
  async function report() {
    const reason = window.prompt(t('message.reportReason'));
    if (!reason?.trim()) return;
    await act(async () => {
      await api.report(message.id, reason.trim());
      setProblem(t('message.reported'));
    });
  }

  return (
    <li
      className={`message${compact ? ' compact' : ''}${mine ? ' mine' : ''}${highlighted ? ' highlighted' : ''}${message.kind === 'me' ? ' me-action' : ''}`}
      data-message-id={message.id}
      data-author={message.authorId ?? ''}
    >
      {!compact && (
        <div className="message-header">
          <strong className="author">{message.authorName}</strong>
          <time dateTime={message.createdAt} title={fullDateOf(message.createdAt, language)}>
            {timeOf(message.createdAt, language)}
          </time>
        </div>
      )}
      {replyTo !== undefined && (
        <p className="reply-quote">
          ↪{' '}
          {replyTo === null ? (
            t('message.reply')
          ) : (
            <>
              {t('timeline.replyTo', { name: replyTo.authorName })}:{' '}
              <span>{isDeleted(replyTo) ? t('timeline.deleted') : replyTo.body.slice(0, 120)}</span>
            </>
          )}
        </p>
      )}
      <div className="message-body">
        {compact && (
          <time
            className="compact-time"
            dateTime={message.createdAt}
            title={fullDateOf(message.createdAt, language)}
          >
            {timeOf(message.createdAt, language)}
          </time>
        )}
        {deleted ? (
          <em className="muted">{t('timeline.deleted')}</em>
        ) : (
          <span className="text">
            {message.kind === 'me' && <strong>{message.authorName} </strong>}
            <Markdown body={message.body} me={myUsername} />
          </span>
        )}
        {message.editedAt && !deleted && <span className="muted small"> {t('timeline.edited')}</span>}
        {tick && (
          <span
            className={`tick tick-${tick}`}
            title={t(`timeline.${tick}`)}
            aria-label={t(`timeline.${tick}`)}
            role="img"
          >
            {tick === 'sent' ? '✓' : '✓✓'}
          </span>
        )}
      </div>
      {Object.keys(message.reactions).length > 0 && !deleted && (
        <div className="reactions">
          {Object.entries(message.reactions).map(([emoji, users]) => (
            <button
              key={emoji}
              type="button"
              className={`reaction${myId !== undefined && users.includes(myId) ? ' reacted' : ''}`}
              aria-pressed={myId !== undefined && users.includes(myId)}
              aria-label={`${emoji} ${users.length}`}
              onClick={() => void act(() => react(message.id, emoji))}
            >
              {emoji} {users.length}
            </button>
          ))}
        </div>
      )}
      {!deleted && (
        <div className="message-actions" role="toolbar" aria-label={t('message.actions')}>
          <button
            type="button"
            title={t('message.reply')}
            aria-label={t('message.reply')}
            onClick={() => props.onReply(message)}
          >
            <Icon name="reply" size={16} />
          </button>
          <button
            type="button"
            title={t('message.react')}
            aria-label={t('message.react')}
            aria-expanded={picking}
            onClick={() => setPicking((v) => !v)}
          >
            <Icon name="smile" size={16} />
          </button>
          {editable && (
            <button
              type="button"
              title={t('message.edit')}
              aria-label={t('message.edit')}
              onClick={() => props.onEdit(message)}
            >
              <Icon name="edit" size={16} />
            </button>
          )}
          {(mine || canModerate) && (
            <button
              type="button"
              title={t('message.delete')}
              aria-label={t('message.delete')}
              onClick={() => {
                if (window.confirm(t('message.deleteConfirm'))) void act(() => deleteMessage(message.id));
              }}
            >
              <Icon name="trash" size={16} />
            </button>
          )}
          {!mine && (
            <button
              type="button"
              title={t('message.markUnread')}
              aria-label={t('message.markUnread')}
              onClick={() => void markUnread(message.roomId, message.id)}
            >
              <Icon name="unread" size={16} />
            </button>
          )}
          {!mine && (
            <button
              type="button"
              title={t('message.report')}
              aria-label={t('message.report')}
              onClick={() => void report()}
            >
              <Icon name="flag" size={16} />
            </button>
          )}
        </div>
      )}
      {picking && (
        <div className="reaction-picker">
          {QUICK_REACTIONS.map((emoji) => (
            <button
              key={emoji}
              type="button"
              aria-label={`${t('message.react')} ${emoji}`}
              onClick={() => {
                setPicking(false);
                void act(() => react(message.id, emoji));
              }}
            >
              {emoji}
            </button>
          ))}
        </div>
      )}
      {problem && (
        <p className="small" role="status">
          {problem}
        </p>
      )}
    </li>
  );
});
