import { EXIT, CliError } from './exit-codes.js';
import type { CliIo } from './cli-io.js';

/** The first line of standard input (a password piped in by a script), without its line end. */
export async function readFirstLine(io: CliIo): Promise<string> {
  let text = '';
  for await (const chunk of io.stdin) {
    text += typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (text.includes('\n')) break;
  }
  return text.split(/\r?\n/)[0]!;
}

/** Asks on the terminal without echoing what is typed; Ctrl-C or Ctrl-D cancels. */
export function askHidden(io: CliIo, question: string): Promise<string> {
  const { stdin, stderr } = io;
  if (!stdin.isTTY || !stdin.setRawMode) {
    throw new CliError(
      EXIT.usage,
      'There is no terminal to ask on; pipe the password in with --password-stdin.',
      'VALIDATION_FAILED',
    );
  }
  stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  return new Promise((resolve, reject) => {
    let answer = '';
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      stderr.write('\n');
      if (error) reject(error);
      else resolve(answer);
    };
    const onData = (chunk: Buffer | string) => {
      const chars = [...(typeof chunk === 'string' ? chunk : chunk.toString('utf8'))];
      for (const [index, char] of chars.entries()) {
        if (char === '\r' || char === '\n') {
          finish();
          // A paste can hold the next answer too: put it back (once paused) for the next question.
          const rest = chars.slice(index + 1).join('');
          if (rest !== '') stdin.unshift(Buffer.from(rest, 'utf8'));
          return;
        }
        if (char === '\u0003' || char === '\u0004') {
          return finish(new CliError(EXIT.usage, 'Cancelled.', 'VALIDATION_FAILED'));
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1);
        else answer += char;
      }
    };
    stdin.on('data', onData);
  });
}

/** A new password: from the first line of stdin with --password-stdin, else typed twice on the terminal. */
export async function newPassword(io: CliIo, fromStdin: boolean): Promise<string> {
  if (fromStdin) return readFirstLine(io);
  const first = await askHidden(io, 'Password: ');
  const second = await askHidden(io, 'Repeat the password: ');
  if (first !== second) throw new CliError(EXIT.usage, 'The two passwords differ.', 'VALIDATION_FAILED');
  return first;
}

/** Asks the operator to type `expected` back; only an exact answer goes ahead. */
export async function confirmByTyping(io: CliIo, question: string, expected: string): Promise<void> {
  if (!io.stdin.isTTY) {
    throw new CliError(
      EXIT.usage,
      'There is no terminal to confirm on; add --yes to go ahead.',
      'VALIDATION_FAILED',
    );
  }
  io.stderr.write(question);
  const answer = await readFirstLine(io);
  if (answer.trim() !== expected)
    throw new CliError(EXIT.usage, 'Not confirmed; nothing was changed.', 'VALIDATION_FAILED');
}
