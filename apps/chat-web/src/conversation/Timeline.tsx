import { Fragment, useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Message, Room } from '@atrio/protocol';
import { messagesSeen } from '../store/reading';
import { loadOlder } from '../store/room-actions';
import { discardMessage, retryMessage } from '../store/sending';
import { emptyView, store, useChat } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { Icon } from '../ui/Icon';
import { useT } from '../ui/useT';
import { Markdown } from './Markdown';
import { MessageItem, type Tick } from './MessageItem';
import { dayLabel, sameDay } from './message-time';
import { countsAsUnread } from './unread';
import { CatchUpButton } from '../summaries';

/** At most this many messages are in the page at once, whatever the length of the room. */
export const WINDOW_SIZE = 150;
const STEP = 50;
const OLDER_PAGE = 100;
const EDGE_PX = 300;
const COMPACT_GAP_MS = 5 * 60_000;

interface Props {
  room: Room;
  title: string;
  onReply: (message: Message) => void;
  onEdit: (message: Message) => void;
}

/**
 * The conversation as a role="log". Only a window of the loaded messages is in the DOM: scrolling
 * near an edge slides the window (loading older history at the top), keeping the message under
 * the reader's eyes in place.
 */
export function Timeline({ room, title, onReply, onEdit }: Props) {
  const t = useT();
  const language = useChat((s) => s.language);
  const me = useChat((s) => s.me)!;
  const view = useChat((s) => s.views[room.id]) ?? EMPTY;
  const outbox = useChat((s) => s.outbox);
  const notices = useChat((s) => s.notices);
  const receipts = useChat((s) => s.receipts[room.id]);
  const focus = useChat((s) => (s.focusMessage?.roomId === room.id ? s.focusMessage : null));
  const members = useChat((s) => s.members[room.id]);
  const scroller = useRef<HTMLDivElement>(null);
  /** null: follow the newest message; otherwise the id of the last message in the window. */
  const [endId, setEndId] = useState<number | null>(null);
  const [loading, setLoading] = useState(false);
  const anchor = useRef<{ id: string; top: number; window: string } | null>(null);
  const following = useRef(true);
  const openedAt = useRef<number | null>(null);

  const messages = view.messages;
  const endIndex =
    endId === null ? messages.length : Math.max(0, messages.findIndex((m) => m.id === endId) + 1);
  const startIndex = Math.max(0, endIndex - WINDOW_SIZE);
  const shown = messages.slice(startIndex, endIndex);
  const atLatest = endIndex === messages.length;
  const windowKey = useRef('');
  windowKey.current = `${shown[0]?.id}-${shown.at(-1)?.id}`;
  const byId = useMemo(() => new Map(messages.map((m) => [m.id, m])), [messages]);
  const pending = outbox.filter(
    (item) =>
      item.roomId === room.id &&
      !messages.some((m) => m.clientMsgId === item.clientMsgId && m.authorId === me.id),
  );
  const myRole = members?.find((m) => m.userId === me.id)?.role;
  const canModerate =
    me.permissions.includes('moderation.moderate') || myRole === 'owner' || myRole === 'moderator';

  /** Keeps the first message on screen where it was while the window or the list changes. */
  const rememberAnchor = useCallback(() => {
    const box = scroller.current;
    if (!box) return;
    const top = box.getBoundingClientRect().top;
    for (const element of box.querySelectorAll<HTMLElement>('[data-message-id]')) {
      const rect = element.getBoundingClientRect();
      if (rect.bottom > top) {
        anchor.current = { id: element.dataset.messageId!, top: rect.top - top, window: windowKey.current };
        return;
      }
    }
  }, []);

  // Opening a room: show the first unread message (with its divider) or the latest, or a focused one.
  useLayoutEffect(() => {
    if (!view.loaded || openedAt.current === room.id) return;
    openedAt.current = room.id;
    const target = focus?.messageId ?? view.dividerId;
    if (target !== null && target !== undefined) {
      const index = messages.findIndex((m) => m.id >= target);
      const end = Math.min(messages.length, Math.max(index + STEP, 0));
      setEndId(end >= messages.length ? null : messages[end - 1]!.id);
      following.current = false;
      requestAnimationFrame(() => {
        const element = scroller.current?.querySelector(`[data-message-id="${messages[index]?.id}"]`);
        element?.scrollIntoView({ block: focus ? 'center' : 'start' });
        if (!focus) scroller.current?.scrollBy(0, -48);
      });
    } else {
      setEndId(null);
      following.current = true;
    }
  }, [view.loaded, room.id, view.dividerId, focus, messages]);

  // A search result in this room: bring it into the window.
  useEffect(() => {
    if (!focus) return;
    const index = messages.findIndex((m) => m.id === focus.messageId);
    if (index < 0) return;
    const end = Math.min(messages.length, index + STEP);
    setEndId(end >= messages.length ? null : messages[end - 1]!.id);
    following.current = false;
    requestAnimationFrame(() => {
      scroller.current
        ?.querySelector(`[data-message-id="${focus.messageId}"]`)
        ?.scrollIntoView({ block: 'center' });
    });
  }, [focus, messages]);

  useLayoutEffect(() => {
    const box = scroller.current;
    if (!box) return;
    if (following.current && atLatest) {
      box.scrollTop = box.scrollHeight;
      return;
    }
    const saved = anchor.current;
    // Only once the window has actually changed (a render for a spinner must not use it up).
    if (!saved || saved.window === windowKey.current) return;
    anchor.current = null;
    const element = box.querySelector<HTMLElement>(`[data-message-id="${saved.id}"]`);
    if (element) {
      const drift = element.getBoundingClientRect().top - box.getBoundingClientRect().top - saved.top;
      box.scrollTop += drift;
    }
  });

  async function onScroll() {
    const box = scroller.current;
    if (!box || loading) return;
    const fromBottom = box.scrollHeight - box.scrollTop - box.clientHeight;
    following.current = fromBottom < 40 && atLatest;
    if (box.scrollTop < EDGE_PX) {
      rememberAnchor();
      let list = messages;
      let end = endIndex;
      if (startIndex === 0 && view.hasOlder) {
        setLoading(true);
        try {
          await loadOlder(room.id, OLDER_PAGE);
        } finally {
          setLoading(false);
        }
        // The window keeps its end, so the page just loaded sits above it until it slides.
        list = store.get().views[room.id]?.messages ?? list;
        end = endId === null ? list.length : list.findIndex((m) => m.id === endId) + 1;
      }
      if (end - WINDOW_SIZE > 0) {
        const newEnd = Math.max(WINDOW_SIZE, end - STEP);
        setEndId(newEnd >= list.length ? null : list[newEnd - 1]!.id);
      }
    } else if (fromBottom < EDGE_PX && !atLatest) {
      rememberAnchor();
      const newEnd = endIndex + STEP;
      setEndId(newEnd >= messages.length ? null : messages[newEnd - 1]!.id);
    }
  }

  // Reading: what is on screen, in a focused tab, counts as read.
  const visible = useRef(new Set<number>());
  useEffect(() => {
    const box = scroller.current;
    if (!box) return;
    const observer = new IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          const id = Number((entry.target as HTMLElement).dataset.messageId);
          if (entry.isIntersecting) visible.current.add(id);
          else visible.current.delete(id);
        }
        messagesSeen(room.id, [...visible.current]);
      },
      { root: box, threshold: 0.5 },
    );
    for (const element of box.querySelectorAll('[data-message-id]')) observer.observe(element);
    const recheck = () => messagesSeen(room.id, [...visible.current]);
    window.addEventListener('focus', recheck);
    document.addEventListener('visibilitychange', recheck);
    return () => {
      observer.disconnect();
      visible.current.clear();
      window.removeEventListener('focus', recheck);
      document.removeEventListener('visibilitychange', recheck);
    };
  }, [room.id, shown]);

  function tickOf(message: Message): Tick | null {
    if (message.authorId !== me.id || message.kind === 'system') return null;
    const others = Object.entries(receipts ?? {}).filter(([userId]) => Number(userId) !== me.id);
    if (others.some(([, r]) => r.readId >= message.id)) return 'read';
    if (others.some(([, r]) => r.deliveredId >= message.id)) return 'delivered';
    return 'sent';
  }

  const roomNotices = notices.filter((n) => n.roomId === room.id);
  const lastShownId = shown.at(-1)?.id ?? 0;

  return (
    <div className="timeline-wrap">
      <div
        className="timeline"
        ref={scroller}
        onScroll={() => void onScroll()}
        tabIndex={0}
        role="log"
        aria-label={t('timeline.label', { name: title })}
      >
        <div className="timeline-spacer" />
        {startIndex === 0 && !view.hasOlder && view.loaded && (
          <p className="timeline-start muted">{t('timeline.start')}</p>
        )}
        {(loading || (startIndex === 0 && view.hasOlder)) && (
          <p className="timeline-loading muted" aria-live="polite">
            {t('timeline.loadingOlder')}
          </p>
        )}
        <ol className="messages">
          {shown.map((message, i) => {
            const previous = i > 0 ? shown[i - 1] : startIndex > 0 ? messages[startIndex - 1] : undefined;
            const newDay = !previous || !sameDay(previous.createdAt, message.createdAt);
            const compact =
              !newDay &&
              previous !== undefined &&
              previous.authorId === message.authorId &&
              previous.kind === message.kind &&
              message.kind !== 'system' &&
              message.replyToId === null &&
              Date.parse(message.createdAt) - Date.parse(previous.createdAt) < COMPACT_GAP_MS &&
              message.id !== view.dividerId;
            const noticesHere = roomNotices.filter(
              (n) =>
                n.afterId === message.id || (i === shown.length - 1 && atLatest && n.afterId > lastShownId),
            );
            return (
              <Fragment key={message.id}>
                {newDay && (
                  <li className="day-divider">
                    <span>{dayLabel(message.createdAt, language, t)}</span>
                  </li>
                )}
                {message.id === view.dividerId && countsAsUnread(message, me.id) && (
                  <li className="unread-divider" id="first-unread">
                    <span>{t('timeline.newMessages')}</span>
                    <CatchUpButton room={room} first={message} />
                  </li>
                )}
                <MessageItem
                  message={message}
                  compact={compact}
                  mine={message.authorId === me.id}
                  tick={tickOf(message)}
                  replyTo={message.replyToId === null ? undefined : (byId.get(message.replyToId) ?? null)}
                  canModerate={canModerate}
                  highlighted={focus?.messageId === message.id}
                  onReply={onReply}
                  onEdit={onEdit}
                />
                {noticesHere.map((notice) => (
                  <li key={notice.id} className={`local-notice${notice.error ? ' error' : ''}`}>
                    <span className="muted small">{t('timeline.notice')}</span>
                    <div className="notice-text">{notice.text}</div>
                  </li>
                ))}
              </Fragment>
            );
          })}
          {shown.length === 0 &&
            roomNotices.map((notice) => (
              <li key={notice.id} className={`local-notice${notice.error ? ' error' : ''}`}>
                <span className="muted small">{t('timeline.notice')}</span>
                <div className="notice-text">{notice.text}</div>
              </li>
            ))}
          {atLatest &&
            pending.map((item) => (
              <li
                key={item.clientMsgId}
                className={`message mine pending ${item.state}`}
                data-client-msg-id={item.clientMsgId}
              >
                <div className="message-body">
                  <span className="text">
                    <Markdown body={item.body} />
                  </span>
                </div>
                {item.state === 'failed' ? (
                  <p className="pending-state error">
                    {t('timeline.failed', {
                      reason: describeError(language, { code: item.error?.code ?? 'INTERNAL' }),
                    })}{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => void retryMessage(item.clientMsgId)}
                    >
                      {t('timeline.retry')}
                    </button>{' '}
                    <button
                      type="button"
                      className="link"
                      onClick={() => void discardMessage(item.clientMsgId)}
                    >
                      {t('timeline.discard')}
                    </button>
                  </p>
                ) : (
                  <p className="pending-state muted small" role="status">
                    <Icon name="clock" size={14} /> {t('timeline.waiting')}
                  </p>
                )}
              </li>
            ))}
        </ol>
      </div>
      {!atLatest && (
        <button
          type="button"
          className="jump-latest"
          onClick={() => {
            following.current = true;
            setEndId(null);
            store.set({ focusMessage: null });
          }}
        >
          <Icon name="down" size={16} /> {t('timeline.jumpLatest')}
        </button>
      )}
    </div>
  );
}

const EMPTY = emptyView();
