import { describe, expect, it } from 'vitest';
import { partialSummary } from './partial-text';

describe('the summary text while it streams', () => {
  it('shows the summary field written so far, unescaped', () => {
    expect(partialSummary('')).toBe('');
    expect(partialSummary('{"summ')).toBe('');
    expect(partialSummary('{"summary":"The team agre')).toBe('The team agre');
    expect(partialSummary('{"summary": "Line one\\nline \\"two\\"", "keyPoints":[')).toBe(
      'Line one\nline "two"',
    );
    expect(partialSummary('{"summary":"Caf\\u00e9 y m\\u00e1s')).toBe('Café y más');
  });

  it('waits for an escape cut in half instead of showing it', () => {
    expect(partialSummary('{"summary":"a\\')).toBe('a');
    expect(partialSummary('{"summary":"a\\u00')).toBe('a');
  });

  it('is plain text: markup in the model’s words stays text for React to escape', () => {
    expect(partialSummary('{"summary":"<img src=x onerror=alert(1)>')).toBe('<img src=x onerror=alert(1)>');
  });
});
