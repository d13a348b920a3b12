import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { Message, Room } from '@atrio/protocol';
import { editMessage, sendMessage, typing } from '../store/sending';
import { prefs } from '../store/prefs';
import { useChat, store } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { useT } from '../ui/useT';
import { useCommands } from './use-commands';
import { describeCommands } from './command-text';
import { MESSAGE_MAX_LENGTH } from '@atrio/protocol/constants.js';
import { applySuggestion, suggest, wordAtCaret, type Suggestion } from './suggestions';

interface Props {
  room: Room;
  title: string;
  replyTo: Message | null;
  editing: Message | null;
  onCancel: () => void;
  onEditLast: () => void;
}

export function Composer({ room, title, replyTo, editing, onCancel, onEditLast }: Props) {
  const t = useT();
  const me = useChat((s) => s.me)!;
  const connection = useChat((s) => s.connection);
  const members = useChat((s) => s.members[room.id]);
  const commands = useCommands();
  const [text, setText] = useState(() => prefs.draft(me.id, room.id));
  const [caret, setCaret] = useState(0);
  const [selected, setSelected] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const listId = useId();

  // Each room keeps its own draft, across room switches and reloads.
  useEffect(() => {
    setText(prefs.draft(me.id, room.id));
    setProblem(null);
    input.current?.focus();
  }, [room.id, me.id]);
  useEffect(() => {
    if (editing) {
      setText(editing.body);
      input.current?.focus();
    }
  }, [editing]);
  useEffect(() => {
    if (replyTo) input.current?.focus();
  }, [replyTo]);

  const word = wordAtCaret(text, caret);
  const suggestions: Suggestion[] = useMemo(
    () =>
      word && !dismissed && !editing
        ? suggest(word.word, describeCommands(commands, t), members ?? [], me.id)
        : [],
    [word?.word, word, dismissed, editing, commands, members, me.id, t],
  );
  const open = suggestions.length > 0;

  function change(value: string, position: number) {
    setText(value);
    setCaret(position);
    setSelected(0);
    setDismissed(false);
    if (!editing) prefs.setDraft(me.id, room.id, value);
    if (value.trim() && !value.startsWith('/')) typing(room.id, true);
  }

  function accept(suggestion: Suggestion) {
    if (!word) return;
    const next = applySuggestion(text, word.start, caret, suggestion.insert);
    change(next.text, next.caret);
    requestAnimationFrame(() => input.current?.setSelectionRange(next.caret, next.caret));
  }

  async function submit() {
    const body = text.trim() ? text.replace(/\s+$/, '') : '';
    if (!body) return;
    setProblem(null);
    if (body.length > MESSAGE_MAX_LENGTH) {
      setProblem(t('composer.tooLong', { n: body.length, max: MESSAGE_MAX_LENGTH }));
      return;
    }
    if (body.startsWith('/') && connection !== 'online') {
      setProblem(t('composer.commandOffline'));
      return;
    }
    typing(room.id, false);
    try {
      if (editing) {
        await editMessage(editing.id, body);
      } else {
        const replyId = replyTo?.id;
        // Cleared first: the outbox has it now, and typing the next message must not wait.
        setText('');
        prefs.setDraft(me.id, room.id, '');
        await sendMessage(room.id, body, replyId);
      }
      setText('');
      onCancel();
    } catch (error) {
      if (editing) setProblem(describeError(store.get().language, error));
      else {
        setText(body);
        setProblem(describeError(store.get().language, error));
      }
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        const step = event.key === 'ArrowDown' ? 1 : -1;
        setSelected((i) => (i + step + suggestions.length) % suggestions.length);
        return;
      }
      if (event.key === 'Tab' || (event.key === 'Enter' && !event.shiftKey)) {
        event.preventDefault();
        accept(suggestions[selected] ?? suggestions[0]!);
        return;
      }
      if (event.key === 'Escape') {
        event.preventDefault();
        setDismissed(true);
        return;
      }
    }
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      void submit();
    } else if (event.key === 'Escape' && (editing || replyTo)) {
      event.preventDefault();
      if (editing) setText(prefs.draft(me.id, room.id));
      onCancel();
    } else if (event.key === 'ArrowUp' && !text && !editing) {
      event.preventDefault();
      onEditLast();
    }
  }

  const tooLong = text.length > MESSAGE_MAX_LENGTH;
  return (
    <div className="composer">
      {(editing || replyTo) && (
        <div className="composer-context">
          <span>
            {editing ? t('composer.editing') : t('composer.replying', { name: replyTo!.authorName })}
          </span>
          <button
            type="button"
            className="link"
            onClick={() => {
              if (editing) setText(prefs.draft(me.id, room.id));
              onCancel();
            }}
          >
            {t('composer.cancel')}
          </button>
        </div>
      )}
      {open && (
        <ul className="suggestions" id={listId} role="listbox" aria-label={t('composer.suggestions')}>
          {suggestions.map((s, i) => (
            <li
              key={s.insert}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === selected}
              className={i === selected ? 'selected' : ''}
              onMouseDown={(e) => {
                e.preventDefault();
                accept(s);
              }}
            >
              <strong>{s.label}</strong> <span className="muted small">{s.detail}</span>
            </li>
          ))}
        </ul>
      )}
      <form
        className="composer-row"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <textarea
          ref={input}
          data-composer
          rows={1}
          value={text}
          aria-label={t('composer.label', { name: title })}
          placeholder={t('composer.placeholder', { name: title })}
          role="combobox"
          aria-expanded={open}
          aria-controls={open ? listId : undefined}
          aria-autocomplete="list"
          aria-activedescendant={open ? `${listId}-${selected}` : undefined}
          onChange={(e) => change(e.target.value, e.target.selectionStart)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          aria-invalid={tooLong}
        />
        <button type="submit" className="primary send" disabled={!text.trim() || tooLong}>
          {t('composer.send')}
        </button>
      </form>
      {(problem || tooLong) && (
        <p className="error small" role="alert">
          {problem ?? t('composer.tooLong', { n: text.length, max: MESSAGE_MAX_LENGTH })}
        </p>
      )}
    </div>
  );
}
