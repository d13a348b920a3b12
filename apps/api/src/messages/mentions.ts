/** `@username` and `@room` in a message body; usernames as the protocol allows them. */
const MENTION = /(^|[^\p{L}\p{N}._-])@([a-z0-9][a-z0-9._-]{1,63})/giu;

export interface ParsedMentions {
  usernames: string[];
  room: boolean;
}

export function parseMentions(body: string): ParsedMentions {
  const names = new Set<string>();
  let room = false;
  for (const match of body.matchAll(MENTION)) {
    const name = match[2]!.toLowerCase().replace(/[._-]+$/, '');
    if (name === 'room' || name === 'all' || name === 'here') room = true;
    else names.add(name);
  }
  return { usernames: [...names], room };
}
