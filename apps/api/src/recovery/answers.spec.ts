import { describe, expect, it } from 'vitest';
import { ALL_QUESTIONS, normaliseAnswer, questionsToAsk } from './answers.js';

describe('normaliseAnswer', () => {
  it('ignores case, accents, punctuation and spacing', () => {
    expect(normaliseAnswer('  São   Paulo! ')).toBe('sao paulo');
    expect(normaliseAnswer('CALLE  del Olmo, 3')).toBe('calle del olmo 3');
    expect(normaliseAnswer('Ñandú')).toBe('nandu');
  });

  it('keeps different answers different', () => {
    expect(normaliseAnswer('Rex')).not.toBe(normaliseAnswer('Max'));
  });
});

describe('questionsToAsk', () => {
  const secret = Buffer.alloc(32, 7);

  it('asks the same questions every time for the same subject', () => {
    const first = questionsToAsk(secret, 'ana', ALL_QUESTIONS, 2);
    expect(questionsToAsk(secret, 'ana', ALL_QUESTIONS, 2)).toEqual(first);
    expect(first).toHaveLength(2);
    expect(new Set(first).size).toBe(2);
  });

  it('only asks questions from the given set', () => {
    const mine = ['first_pet', 'favourite_book', 'first_school'] as const;
    const asked = questionsToAsk(secret, 'user:5', mine, 2);
    expect(asked.every((q) => (mine as readonly string[]).includes(q))).toBe(true);
  });

  it('depends on the installation secret', () => {
    const picks = new Set(
      Array.from({ length: 8 }, (_, i) =>
        questionsToAsk(Buffer.alloc(32, i), 'ana', ALL_QUESTIONS, 2).join(),
      ),
    );
    expect(picks.size).toBeGreaterThan(1);
  });
});
