import { SECURITY_QUESTIONS, type SecurityQuestion } from '@atrio/protocol';
import { createHmac } from 'node:crypto';

/**
 * Answers compare the way people remember them: case, accents, punctuation and spacing do not
 * matter ("  São   Paulo! " equals "sao paulo").
 */
export function normaliseAnswer(answer: string): string {
  return answer
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The questions asked of `subject`: always the same ones (so retrying cannot shop for the
 * easiest), picked by a keyed hash so an outsider cannot tell a real account's questions from
 * the ones an unknown name gets.
 */
export function questionsToAsk(
  secret: Buffer,
  subject: string,
  available: readonly SecurityQuestion[],
  count: number,
): SecurityQuestion[] {
  const rank = (question: string) =>
    createHmac('sha256', secret).update(`${subject}\0${question}`).digest('hex');
  return [...available].sort((a, b) => rank(a).localeCompare(rank(b))).slice(0, count);
}

export const ALL_QUESTIONS: readonly SecurityQuestion[] = SECURITY_QUESTIONS;
