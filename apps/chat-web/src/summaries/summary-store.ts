import type { CreateSummary, SummaryJob, SummaryTrigger } from '@atrio/protocol';
import { api as call } from '@atrio/web-common';
import { createStore } from '../store/store';

/** A job as this tab follows it: from `summary:progress` while it waits and runs, then the stored result. */
export interface LiveJob {
  status: SummaryJob['status'];
  trigger: SummaryTrigger;
  position?: number;
  /** The model's raw text so far in its current call. */
  partial: string;
  job?: SummaryJob;
}

/** What the room's summary panel shows. */
export interface Panel {
  /** Null while the request is on its way. */
  jobId: string | null;
  /** What was asked, to ask again or for the extractive summary of the same messages. */
  request: CreateSummary;
  /** A refused request (rate limit, queue full, bad range…). */
  error?: unknown;
}

export interface SummaryState {
  panels: Record<number, Panel>;
  jobs: Record<string, LiveJob>;
}

export const summaries = createStore<SummaryState>({ panels: {}, jobs: {} });

const summariesApi = {
  create: (roomId: number, body: CreateSummary) =>
    call('POST /api/rooms/:id/summaries', { params: { id: roomId }, body }),
  get: (jobId: string) => call('GET /api/summaries/:jobId', { params: { jobId } }),
  cancel: (jobId: string) => call('DELETE /api/summaries/:jobId', { params: { jobId } }),
  list: (roomId: number) => call('GET /api/rooms/:id/summaries', { params: { id: roomId } }),
};
export { summariesApi };

function setJob(jobId: string, change: (job: LiveJob | undefined) => LiveJob): void {
  summaries.set((s) => ({ jobs: { ...s.jobs, [jobId]: change(s.jobs[jobId]) } }));
}

function setPanel(roomId: number, panel: Panel | null): void {
  summaries.set((s) => {
    const panels = { ...s.panels };
    if (panel) panels[roomId] = panel;
    else delete panels[roomId];
    return { panels };
  });
}

/** Asks for a summary of the room and shows it in the room's panel as it comes. */
export async function requestSummary(roomId: number, request: CreateSummary): Promise<void> {
  setPanel(roomId, { jobId: null, request });
  try {
    const { jobId, position } = await summariesApi.create(roomId, request);
    setJob(
      jobId,
      (known) =>
        known ?? { status: position > 0 ? 'queued' : 'running', trigger: 'on-demand', position, partial: '' },
    );
    setPanel(roomId, { jobId, request });
    // The answer may already be there (cached, extractive) and its summary:ready gone before we knew the id.
    await refreshJob(jobId);
  } catch (error) {
    setPanel(roomId, { jobId: null, request, error });
  }
}

export async function stopSummary(jobId: string): Promise<void> {
  await summariesApi.cancel(jobId);
  await refreshJob(jobId);
}

export function closePanel(roomId: number): void {
  setPanel(roomId, null);
}

async function refreshJob(jobId: string): Promise<void> {
  const job = await summariesApi.get(jobId);
  setJob(jobId, (known) => ({
    partial: known?.partial ?? '',
    position: job.position,
    trigger: job.trigger ?? 'on-demand',
    status: job.status,
    job: job.status === 'done' || job.status === 'failed' ? job : known?.job,
  }));
}

export function summaryProgress(event: {
  jobId: string;
  status: 'queued' | 'running';
  trigger?: SummaryTrigger;
  position?: number;
  partial?: string;
}): void {
  setJob(event.jobId, (known) =>
    known?.job
      ? known // already ended: a late progress event changes nothing
      : {
          status: event.status,
          trigger: event.trigger ?? known?.trigger ?? 'on-demand',
          position: event.status === 'queued' ? event.position : undefined,
          partial: event.partial ?? (event.status === 'queued' ? '' : (known?.partial ?? '')),
        },
  );
}

/**
 * A job ended. An automatic one (catch-up, digest) opens the room's panel unless the person is
 * already following another summary there.
 */
export async function summaryReady(event: {
  roomId: number;
  jobId: string;
  trigger?: SummaryTrigger;
}): Promise<void> {
  await refreshJob(event.jobId);
  const automatic = event.trigger === 'catch-up' || event.trigger === 'digest';
  if (!automatic) return;
  const { panels, jobs } = summaries.get();
  const current = panels[event.roomId];
  const busy = current?.jobId && jobs[current.jobId] && !jobs[current.jobId]!.job;
  if (!busy && jobs[event.jobId]?.status === 'done')
    setPanel(event.roomId, { jobId: event.jobId, request: {} });
}
