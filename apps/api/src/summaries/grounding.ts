import type { ActionItem, SummaryItem } from '@atrio/protocol';
import type { ModelAnswer } from './summary-prompt.js';

export interface Grounded {
  keyPoints: SummaryItem[];
  decisions: SummaryItem[];
  actionItems: ActionItem[];
  dropped: number;
}

/**
 * Keeps only what the summarised messages support: an item survives if it cites at least one id,
 * and only ids, among `covered` (the messages read for the requester: any other id is outside the
 * range, deleted, or in a room they cannot read). An owner who is not a member becomes null.
 */
export function ground(
  answer: ModelAnswer,
  covered: ReadonlySet<number>,
  members: ReadonlyMap<string, string>,
): Grounded {
  let dropped = 0;
  const keep = <T extends { messageIds: number[] }>(items: T[]): T[] =>
    items.filter((item) => {
      const ok = item.messageIds.length > 0 && item.messageIds.every((id) => covered.has(id));
      if (!ok) dropped += 1;
      return ok;
    });
  const items = (list: Array<{ text: string; messageIds: number[] }>) =>
    keep(list.filter((i) => i.text.trim() !== '')).map(({ text, messageIds }) => ({
      text,
      messageIds: [...new Set(messageIds)],
    }));
  const actionItems = keep(answer.actionItems.filter((i) => i.text.trim() !== '')).map((item) => ({
    text: item.text,
    owner:
      item.owner === null ? null : (members.get(item.owner.trim().replace(/^@/, '').toLowerCase()) ?? null),
    messageIds: [...new Set(item.messageIds)],
  }));
  return { keyPoints: items(answer.keyPoints), decisions: items(answer.decisions), actionItems, dropped };
}
