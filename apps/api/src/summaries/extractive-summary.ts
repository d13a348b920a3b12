import type { ActionItem, SummaryItem } from '@atrio/protocol';
import { parseMentions } from '../messages/mentions.js';

export interface ExtractiveMessage {
  id: number;
  authorId: number | null;
  author: string;
  text: string;
  replyToId: number | null;
}

export interface Extract {
  summary: string;
  keyPoints: SummaryItem[];
  actionItems: ActionItem[];
  unansweredQuestions: SummaryItem[];
}

const TOP = 5;
const QUOTE = 200;
/** Words too common to tell messages apart, es and en. */
const STOP = new Set(
  'that this with have from they will would there their what when which about were been your para pero como esta este esto porque cuando donde tiene tienen hola gracias bien todo todos sobre desde hasta entre también muy'.split(
    ' ',
  ),
);

/**
 * A summary computed here, without the AI, for when it is unavailable: the most informative
 * messages (rare words weigh more, tf-idf style), what was asked of someone by @mention, and the
 * questions nobody answered. Every item quotes and cites its message; nothing is generated.
 */
export function extractiveSummary(
  messages: ExtractiveMessage[],
  members: ReadonlyMap<string, string>,
): Extract {
  const words = messages.map((m) => new Set(terms(m.text)));
  const df = new Map<string, number>();
  for (const set of words) for (const w of set) df.set(w, (df.get(w) ?? 0) + 1);
  const n = messages.length;
  const scored = messages.map((m, i) => {
    const set = words[i]!;
    let score = 0;
    for (const w of set) score += Math.log((n + 1) / df.get(w)!);
    return { m, score: set.size === 0 ? 0 : score / Math.sqrt(set.size + 1) };
  });
  const keyPoints = scored
    .filter((s) => s.score > 0)
    .sort((a, b) => b.score - a.score)
    .slice(0, TOP)
    .sort((a, b) => a.m.id - b.m.id)
    .map(({ m }) => item(m));

  const actionItems: ActionItem[] = [];
  for (const m of messages) {
    for (const name of parseMentions(m.text).usernames) {
      const owner = members.get(name);
      if (owner) actionItems.push({ ...item(m), owner });
    }
  }

  const answered = new Set(messages.flatMap((m) => (m.replyToId === null ? [] : [m.replyToId])));
  const unansweredQuestions = messages
    .filter(
      (m, i) =>
        m.text.includes('?') &&
        !answered.has(m.id) &&
        !messages.slice(i + 1).some((later) => later.authorId !== m.authorId),
    )
    .map(item);

  const people = new Set(messages.map((m) => m.author)).size;
  return {
    summary: `Extractive summary (not AI): ${n} messages by ${people} ${people === 1 ? 'person' : 'people'}; the most informative messages, requests by mention and unanswered questions, quoted as written.`,
    keyPoints,
    actionItems: actionItems.slice(0, 20),
    unansweredQuestions: unansweredQuestions.slice(-10),
  };
}

function item(m: ExtractiveMessage): SummaryItem {
  const text = m.text.length > QUOTE ? `${m.text.slice(0, QUOTE - 1)}…` : m.text;
  return { text: `${m.author}: ${text}`, messageIds: [m.id] };
}

function terms(text: string): string[] {
  return (
    text
      .toLowerCase()
      .normalize('NFD')
      .replace(/\p{M}/gu, '')
      .match(/\p{L}{4,}/gu) ?? []
  ).filter((w) => !STOP.has(w));
}
