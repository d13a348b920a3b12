import { useState } from 'react';
import type { Message, Room } from '@atrio/protocol';
import { SUMMARY_RANGE_LIMITS } from '@atrio/protocol/summary-limits.js';
import { useChat } from '../store/store';
import { SummariseDialog } from './SummariseDialog';
import { useSummaryT } from './strings';
import { requestSummary } from './summary-store';

const useMaySummarise = () => useChat((s) => s.me?.permissions.includes('ai.summarize') ?? false);

/** "Summarise" in the room header: opens the choice of what to summarise. */
export function SummariseButton({ room, title }: { room: Room; title: string }) {
  const t = useSummaryT();
  const [open, setOpen] = useState(false);
  if (!useMaySummarise()) return null;
  return (
    <>
      <button
        type="button"
        className="summarise-button"
        title={t('button.summariseTitle')}
        onClick={() => setOpen(true)}
      >
        <span aria-hidden="true">✦</span> <span className="summarise-label">{t('button.summarise')}</span>
      </button>
      {open && <SummariseDialog room={room} title={title} onClose={() => setOpen(false)} />}
    </>
  );
}

/**
 * "Catch me up" at the unread divider: everything from the first unread message on. Asked as a
 * time range from that message, because reading the room moves the server's read mark meanwhile.
 */
export function CatchUpButton({ room, first }: { room: Room; first: Message }) {
  const t = useSummaryT();
  if (!useMaySummarise()) return null;
  const since = Date.parse(first.createdAt);
  const recent = Date.now() - since < SUMMARY_RANGE_LIMITS.maxDays * 86_400_000 - 60_000;
  return (
    <button
      type="button"
      className="link catch-up-button"
      title={t('catchUp.title')}
      onClick={() =>
        void requestSummary(room.id, recent ? { since: new Date(since).toISOString() } : { unread: true })
      }
    >
      {t('catchUp.button')}
    </button>
  );
}
