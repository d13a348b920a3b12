import { useEffect, useState, type FormEvent } from 'react';
import { SUMMARY_RANGE_LIMITS } from '@atrio/protocol/summary-limits.js';
import type { CreateSummary, Room, RoomDigest } from '@atrio/protocol';
import { api as call } from '@atrio/web-common';
import { store, useChat } from '../store/store';
import { Dialog } from '../ui/Dialog';
import { ErrorLine } from '../ui/ErrorLine';
import { useSummaryT } from './strings';
import { requestSummary } from './summary-store';

type Mode = 'last' | 'unread' | 'range';

const CATCH_UP_CHOICES = [10, 20, 50, 100];

/** Local date-time for <input type="datetime-local"> (no seconds, no zone). */
function localInput(date: Date): string {
  const shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60_000);
  return shifted.toISOString().slice(0, 16);
}

/** What to summarise (the latest N, the unread, a time range), and the automatic summaries. */
export function SummariseDialog({
  room,
  title,
  onClose,
}: {
  room: Room;
  title: string;
  onClose: () => void;
}) {
  const t = useSummaryT();
  const [mode, setMode] = useState<Mode>(room.joined && room.unread > 0 ? 'unread' : 'last');
  const [count, setCount] = useState(100);
  const [since, setSince] = useState(() => localInput(new Date(Date.now() - 86_400_000)));
  const [until, setUntil] = useState(() => localInput(new Date()));
  const [invalid, setInvalid] = useState(false);

  function submit(event: FormEvent) {
    event.preventDefault();
    let request: CreateSummary;
    if (mode === 'range') {
      const from = new Date(since).getTime();
      const to = new Date(until).getTime();
      const now = Date.now();
      if (
        !(to > from) ||
        to > now + SUMMARY_RANGE_LIMITS.futureMarginSeconds * 1000 ||
        to - from > SUMMARY_RANGE_LIMITS.maxDays * 86_400_000
      ) {
        setInvalid(true);
        return;
      }
      request = { since: new Date(from).toISOString(), until: new Date(Math.min(to, now)).toISOString() };
    } else request = mode === 'unread' ? { unread: true } : { lastMessages: count };
    onClose();
    void requestSummary(room.id, request);
  }

  return (
    <Dialog title={t('dialog.title', { room: title })} onClose={onClose} wide>
      <form className="stack summarise-form" onSubmit={submit}>
        <fieldset>
          <legend>{t('dialog.what')}</legend>
          <label className="inline">
            <input type="radio" name="mode" checked={mode === 'last'} onChange={() => setMode('last')} />
            {t('mode.last')}
          </label>
          {mode === 'last' && (
            <label className="summarise-sub">
              {t('mode.lastCount')}
              <input
                type="number"
                min={1}
                max={1000}
                required
                value={count}
                onChange={(e) => setCount(Number(e.target.value))}
              />
            </label>
          )}
          {room.joined && (
            <label className="inline">
              <input
                type="radio"
                name="mode"
                checked={mode === 'unread'}
                onChange={() => setMode('unread')}
              />
              {t('mode.unread')}
            </label>
          )}
          <label className="inline">
            <input type="radio" name="mode" checked={mode === 'range'} onChange={() => setMode('range')} />
            {t('mode.range')}
          </label>
          {mode === 'range' && (
            <div className="row summarise-sub">
              <label>
                {t('range.since')}
                <input
                  type="datetime-local"
                  required
                  value={since}
                  onChange={(e) => setSince(e.target.value)}
                />
              </label>
              <label>
                {t('range.until')}
                <input
                  type="datetime-local"
                  required
                  value={until}
                  onChange={(e) => setUntil(e.target.value)}
                />
              </label>
            </div>
          )}
          {invalid && mode === 'range' && (
            <p className="error" role="alert">
              {t('range.invalid', { days: SUMMARY_RANGE_LIMITS.maxDays })}
            </p>
          )}
        </fieldset>
        <div className="row">
          <button type="submit" className="primary">
            {t('dialog.start')}
          </button>
          <button type="button" onClick={onClose}>
            {t('dialog.cancel')}
          </button>
        </div>
      </form>
      <AutomaticSettings room={room} />
    </Dialog>
  );
}

function AutomaticSettings({ room }: { room: Room }) {
  const t = useSummaryT();
  const language = useChat((s) => s.language);
  const me = useChat((s) => s.me)!;
  const threshold = me.settings.summaries?.catchUpAfterUnread ?? null;
  const [digest, setDigest] = useState<RoomDigest | null>(null);
  const [enabled, setEnabled] = useState(false);
  const [at, setAt] = useState('08:00');
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (room.visibility === 'direct') return;
    call('GET /api/rooms/:id/digest', { params: { id: room.id } })
      .then((view) => {
        setDigest(view);
        setEnabled(view.enabled);
        setAt(view.at);
      })
      .catch(setError);
  }, [room.id, room.visibility]);

  async function saveThreshold(value: string) {
    setError(null);
    try {
      const user = await call('PUT /api/auth/me', {
        body: { summaries: { catchUpAfterUnread: value === '' ? null : Number(value) } },
      });
      store.set({ me: user });
    } catch (problem) {
      setError(problem);
    }
  }

  async function saveDigest(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setSaved(false);
    try {
      const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const view = await call('PUT /api/rooms/:id/digest', {
        params: { id: room.id },
        body: { enabled, at, timeZone },
      });
      setDigest(view);
      setSaved(true);
    } catch (problem) {
      setError(problem);
    }
  }

  const next = digest?.nextRunAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(digest.nextRunAt),
      )
    : null;
  return (
    <section className="settings-section summarise-auto">
      <h3>{t('auto.title')}</h3>
      <label className="summarise-catch-up">
        {t('auto.catchUp')}
        <span className="row">
          <select value={threshold ?? ''} onChange={(e) => void saveThreshold(e.target.value)}>
            <option value="">{t('auto.catchUpOff')}</option>
            {CATCH_UP_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
          <span className="muted">{t('auto.catchUpUnit')}</span>
        </span>
      </label>
      {digest && (
        <form className="stack" onSubmit={(e) => void saveDigest(e)}>
          <label className="inline">
            <input
              type="checkbox"
              checked={enabled}
              disabled={!digest.canEdit}
              onChange={(e) => setEnabled(e.target.checked)}
            />
            {t('auto.digest')}
          </label>
          <div className="row">
            <label className="inline">
              {t('auto.digestAt')}
              <input
                type="time"
                value={at}
                required
                disabled={!digest.canEdit}
                onChange={(e) => setAt(e.target.value)}
              />
            </label>
            {digest.canEdit && <button type="submit">{t('auto.save')}</button>}
          </div>
          {next && <p className="muted small">{t('auto.digestNext', { when: next })}</p>}
          {!digest.canEdit && <p className="muted small">{t('auto.digestOwners')}</p>}
          {saved && (
            <p className="small" role="status">
              {t('auto.saved')}
            </p>
          )}
        </form>
      )}
      <ErrorLine error={error} />
    </section>
  );
}
