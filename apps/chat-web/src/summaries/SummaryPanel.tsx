import { useSyncExternalStore } from 'react';
import type { ActionItem, Room, SummaryItem, SummaryJob } from '@atrio/protocol';
import { openRoom } from '../store/room-actions';
import { store, useChat } from '../store/store';
import { describeError } from '../ui/ErrorLine';
import { partialSummary } from './partial-text';
import { AI_FAILURES, type SummaryT, useSummaryT } from './strings';
import {
  closePanel,
  requestSummary,
  stopSummary,
  summaries,
  type LiveJob,
  type Panel,
} from './summary-store';
import './summaries.css';

/** The room's summary: its place in the queue, the text as the AI writes it, then the cited result. */
export function SummaryPanel({ room }: { room: Room }) {
  const panel = useSyncExternalStore(summaries.subscribe, () => summaries.get().panels[room.id]);
  const live = useSyncExternalStore(summaries.subscribe, () =>
    panel?.jobId ? summaries.get().jobs[panel.jobId] : undefined,
  );
  const t = useSummaryT();
  if (!panel) return null;
  const job = live?.job;
  return (
    <section className="summary-panel" aria-labelledby={`summary-title-${room.id}`}>
      <header className="summary-panel-header">
        <h2 id={`summary-title-${room.id}`}>{heading(t, live, job)}</h2>
        <button
          type="button"
          className="icon-button"
          aria-label={t('panel.close')}
          onClick={() => closePanel(room.id)}
        >
          ×
        </button>
      </header>
      <div className="summary-panel-body">
        {panel.error ? (
          <Refused room={room} panel={panel} t={t} />
        ) : job?.status === 'done' ? (
          <Result room={room} job={job} t={t} />
        ) : job?.status === 'failed' ? (
          <Failed room={room} panel={panel} job={job} t={t} />
        ) : (
          <Progress live={live} jobId={panel.jobId} t={t} />
        )}
      </div>
    </section>
  );
}

function heading(t: SummaryT, live: LiveJob | undefined, job: SummaryJob | undefined): string {
  if (job?.kind === 'extractive') return t('panel.extractive');
  if (live?.trigger === 'catch-up') return t('panel.catchUp');
  if (live?.trigger === 'digest') return t('panel.digest');
  return t('panel.label');
}

function Progress({ live, jobId, t }: { live: LiveJob | undefined; jobId: string | null; t: SummaryT }) {
  const text = partialSummary(live?.partial ?? '');
  const status =
    live?.status === 'queued' && live.position !== undefined
      ? live.position <= 1
        ? t('panel.queuedNext')
        : t('panel.queued', { n: live.position })
      : live?.status === 'running'
        ? t('panel.writing')
        : t('panel.starting');
  return (
    <div className="summary-progress" aria-busy="true">
      <p className="muted small" role="status">
        <span className="summary-spinner" aria-hidden="true" /> {status}
      </p>
      {text && <p className="summary-streaming">{text}</p>}
      {jobId && (
        <button type="button" onClick={() => void stopSummary(jobId).catch(() => undefined)}>
          {t('panel.stop')}
        </button>
      )}
    </div>
  );
}

function Refused({ room, panel, t }: { room: Room; panel: Panel; t: SummaryT }) {
  const language = useChat((s) => s.language);
  return (
    <div className="stack">
      <p className="error" role="alert">
        {describeError(language, panel.error)}
      </p>
      <OfferExtractive room={room} panel={panel} t={t} />
    </div>
  );
}

function Failed({ room, panel, job, t }: { room: Room; panel: Panel; job: SummaryJob; t: SummaryT }) {
  const code = job.error?.code ?? 'INTERNAL';
  return (
    <div className="stack">
      <p className={code === 'CANCELLED' ? 'muted' : 'error'} role="alert">
        {t(`failure.${code}`)}
      </p>
      {AI_FAILURES.has(code) ? (
        <OfferExtractive room={room} panel={panel} t={t} />
      ) : (
        code !== 'NOTHING_TO_SUMMARISE' && (
          <p>
            <button type="button" onClick={() => void requestSummary(room.id, panel.request)}>
              {t('panel.retry')}
            </button>
          </p>
        )
      )}
    </div>
  );
}

function OfferExtractive({ room, panel, t }: { room: Room; panel: Panel; t: SummaryT }) {
  return (
    <p className="summary-offer">
      <button
        type="button"
        className="primary"
        onClick={() => void requestSummary(room.id, { ...panel.request, extractive: true })}
      >
        {t('panel.offerExtractive')}
      </button>{' '}
      <span className="muted small">{t('panel.offerExtractiveHint')}</span>
    </p>
  );
}

function Result({ room, job, t }: { room: Room; job: SummaryJob; t: SummaryT }) {
  const language = useChat((s) => s.language);
  const members = useChat((s) => s.members[room.id]);
  // The server names owners by username; people know each other by display name.
  const ownerName = (username: string): string =>
    members?.find((m) => m.username === username)?.displayName ?? username;
  const when = new Intl.DateTimeFormat(language, { dateStyle: 'short', timeStyle: 'short' });
  const coverage = job.coverage;
  const extractive = job.kind === 'extractive';
  const items = [
    { key: 'keyPoints', title: t('panel.keyPoints'), list: job.keyPoints ?? [] },
    { key: 'decisions', title: t('panel.decisions'), list: job.decisions ?? [] },
    { key: 'actions', title: t('panel.actions'), list: job.actionItems ?? [] },
    { key: 'questions', title: t('panel.questions'), list: job.unansweredQuestions ?? [] },
  ].filter((section) => section.list.length > 0);
  return (
    <div className="summary-result">
      {extractive ? (
        <p className="summary-label-extractive">
          {t('panel.extractiveText', {
            count: coverage?.count ?? 0,
            people:
              coverage?.people === 1
                ? t('panel.peopleOne')
                : t('panel.peopleMany', { n: coverage?.people ?? 0 }),
          })}
        </p>
      ) : (
        <>
          <p className="muted small">
            {t('panel.ai', { model: job.model })}
            {job.cached ? ` · ${t('panel.cached')}` : ''}
          </p>
          <p className="summary-text">{job.summary}</p>
        </>
      )}
      {coverage && (
        <p className="muted small summary-coverage">
          {coverage.count === 1
            ? t('panel.coverageOne', { from: when.format(new Date(coverage.from)) })
            : t('panel.coverage', {
                count: coverage.count,
                from: when.format(new Date(coverage.from)),
                to: when.format(new Date(coverage.to)),
              })}
          {coverage.chunks > 1 ? ` ${t('panel.chunks', { n: coverage.chunks })}` : ''}
          {coverage.droppedItems > 0 ? ` ${t('panel.dropped', { n: coverage.droppedItems })}` : ''}
        </p>
      )}
      {items.length === 0 && !extractive && <p className="muted">{t('panel.empty')}</p>}
      {items.map((section) => (
        <section key={section.key} className="summary-section" aria-label={section.title}>
          <h3>{section.title}</h3>
          <ul>
            {section.list.map((item, index) => (
              <li key={index}>
                <span id={`summary-${section.key}-${index}`}>{item.text}</span>
                {section.key === 'actions' && (
                  <span className="summary-owner">
                    {ownerOf(item)
                      ? t('panel.owner', { name: ownerName(ownerOf(item)!) })
                      : t('panel.noOwner')}
                  </span>
                )}
                <Citations
                  roomId={room.id}
                  item={item}
                  describedBy={`summary-${section.key}-${index}`}
                  t={t}
                />
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

const ownerOf = (item: SummaryItem | ActionItem): string | null => ('owner' in item ? item.owner : null);

function Citations({
  roomId,
  item,
  describedBy,
  t,
}: {
  roomId: number;
  item: SummaryItem;
  describedBy: string;
  t: SummaryT;
}) {
  return (
    <span className="summary-cites">
      {item.messageIds.map((messageId, index) => (
        <button
          key={messageId}
          type="button"
          className="link summary-cite"
          data-message-id={messageId}
          aria-label={t('panel.citeLabel', { n: index + 1 })}
          aria-describedby={describedBy}
          onClick={() => {
            // Clear first: citing the message already focused must still scroll to it.
            store.set({ focusMessage: null });
            void openRoom(roomId, messageId);
          }}
        >
          {t('panel.cite', { n: index + 1 })}
        </button>
      ))}
    </span>
  );
}
