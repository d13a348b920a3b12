import type { CommandInfo } from '@atrio/protocol';
import type { MessageKey, Translate } from '../i18n';

/** The server describes its commands in English; the ones this client knows are told in the reader's language. */
const DESCRIPTIONS: Record<string, MessageKey> = {
  help: 'command.help',
  me: 'command.me',
  join: 'command.join',
  leave: 'command.leave',
  topic: 'command.topic',
  invite: 'command.invite',
  summary: 'command.summary',
  mute: 'command.mute',
  unmute: 'command.unmute',
  kick: 'command.kick',
  ban: 'command.ban',
  unban: 'command.unban',
  warn: 'command.warn',
};

export function describeCommands(commands: readonly CommandInfo[], t: Translate): CommandInfo[] {
  return commands.map((command) => {
    const key = DESCRIPTIONS[command.name];
    return key ? { ...command, description: t(key) } : command;
  });
}
