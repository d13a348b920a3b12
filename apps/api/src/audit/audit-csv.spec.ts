import type { AuditEntry } from '@atrio/protocol';
import { describe, expect, it } from 'vitest';
import { auditCsvHeader, auditCsvRow, csvCell, csvLine } from './audit-csv.js';

describe('CSV cells', () => {
  it.each([
    ['plain', 'plain'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\r', '"cr\r"'],
    ['', ''],
  ])('quotes %j as %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it.each([
    ['=1+1', "'=1+1"],
    ['+33 600', "'+33 600"],
    ['-2', "'-2"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
  ])('neutralises the formula %j', (value, expected) => {
    expect(csvCell(value)).toBe(expected);
  });

  it('writes numbers as numbers and null as an empty cell', () => {
    expect(csvLine([1, null, -3, 'x'])).toBe('1,,-3,x\r\n');
  });
});

describe('audit CSV', () => {
  it('starts with a BOM and the header', () => {
    expect(auditCsvHeader()).toBe(
      '\uFEFFid,at,actorId,actorName,action,target,outcome,ip,details,prevHash,hash\r\n',
    );
  });

  it('writes an entry with its details as JSON', () => {
    const entry: AuditEntry = {
      id: 3,
      at: '2026-01-02T03:04:05.000Z',
      actorId: null,
      actorName: '=cmd|" /C calc"!A0',
      action: 'auth.login.failed',
      target: null,
      outcome: 'failure',
      ip: '::1',
      details: { reason: 'unknown user' },
      prevHash: 'a'.repeat(64),
      hash: 'b'.repeat(64),
    };
    expect(auditCsvRow(entry)).toBe(
      `3,2026-01-02T03:04:05.000Z,,"'=cmd|"" /C calc""!A0",auth.login.failed,,failure,::1,"{""reason"":""unknown user""}",${'a'.repeat(64)},${'b'.repeat(64)}\r\n`,
    );
  });
});
