/** The AI summaries' hooks into the rest of the chat client. */
export { CatchUpButton, SummariseButton } from './SummariseButton';
export { SummaryPanel } from './SummaryPanel';
export { summaryProgress, summaryReady } from './summary-store';
