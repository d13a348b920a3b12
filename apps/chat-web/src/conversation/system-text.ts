import type { MessageKey, Translate } from '../i18n';

/**
 * The server writes activity lines (system messages) in English, with display names, for every
 * client and bot alike; this puts the ones it knows into the reader's language. A line it does not
 * recognise is shown as the server wrote it.
 */
const LINES: Array<[RegExp, MessageKey, string[]]> = [
  // Moderation first: a reason may end in words the room lines below look for.
  [
    /^(.+) was muted for (\d+) (minute|hour|day)s? by (.+?)(?:: ([\s\S]*))?$/,
    'system.muted',
    ['who', 'n', 'unit', 'by', 'reason'],
  ],
  [
    /^(.+) was banned for (\d+) (minute|hour|day)s? by (.+?)(?:: ([\s\S]*))?$/,
    'system.bannedFor',
    ['who', 'n', 'unit', 'by', 'reason'],
  ],
  [/^(.+) was banned by (.+?)(?:: ([\s\S]*))?$/, 'system.banned', ['who', 'by', 'reason']],
  [/^(.+) was kicked by (.+?)(?:: ([\s\S]*))?$/, 'system.kicked', ['who', 'by', 'reason']],
  [/^(.+) was unmuted by (.+)$/, 'system.unmuted', ['who', 'by']],
  [/^(.+) renamed the room to “([\s\S]*)”$/, 'system.renamed', ['who', 'name']],
  [/^(.+) set the topic: ([\s\S]*)$/, 'system.topic', ['who', 'topic']],
  [/^(.+) created the room$/, 'system.created', ['who']],
  [/^(.+) archived the room$/, 'system.archived', ['who']],
  [/^(.+) reopened the room$/, 'system.reopened', ['who']],
  [/^(.+) added (.+)$/, 'system.added', ['who', 'whom']],
  [/^(.+) joined$/, 'system.joined', ['who']],
  [/^(.+) left$/, 'system.left', ['who']],
];

const UNITS: Record<string, MessageKey> = {
  minute: 'time.minutes',
  hour: 'time.hours',
  day: 'time.days',
};

export function systemText(body: string, t: Translate): string {
  for (const [pattern, key, names] of LINES) {
    const match = pattern.exec(body);
    if (!match) continue;
    const params: Record<string, string> = {};
    names.forEach((name, i) => (params[name] = match[i + 1] ?? ''));
    if (params.unit) params.duration = t(UNITS[params.unit]!, { n: params.n! });
    const line = t(key, params);
    return params.reason ? `${line}: ${params.reason}` : line;
  }
  return body;
}
