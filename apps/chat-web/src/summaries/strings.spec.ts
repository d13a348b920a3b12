import { describe, expect, it } from 'vitest';
import type { SummaryFailureCode } from '@atrio/protocol';
import { en, es, type SummaryKey } from './strings';

describe('summary strings', () => {
  it('have the same keys and {placeholders} in Spanish and English', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(es).sort());
    const names = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(es) as SummaryKey[]) expect(names(en[key]), key).toEqual(names(es[key]));
  });

  it('explain every failure code of the protocol', () => {
    const codes: Record<SummaryFailureCode, true> = {
      AI_UNREACHABLE: true,
      AI_MODEL_MISSING: true,
      AI_HTTP_ERROR: true,
      AI_TIMEOUT: true,
      AI_BAD_OUTPUT: true,
      AI_EMPTY_OUTPUT: true,
      CANCELLED: true,
      INTERNAL: true,
      NOTHING_TO_SUMMARISE: true,
      INTERRUPTED: true,
    };
    for (const code of Object.keys(codes)) expect(Object.keys(es), code).toContain(`failure.${code}`);
  });
});
