import { describe, expect, it } from 'vitest';
import { describeCertificate } from './certificate-status.js';
import { generateSelfSigned } from './self-signed.js';

const DAY_MS = 86_400_000;

describe('describeCertificate', () => {
  it('warns 30 and 7 days ahead and once expired', async () => {
    const issued = new Date('2026-01-01T00:00:00Z');
    const { cert, key } = await generateSelfSigned({ dns: ['localhost'], ips: ['127.0.0.1'] }, issued);
    const validTo = issued.getTime() + 365 * DAY_MS;
    const at = (daysBeforeExpiry: number) =>
      describeCertificate(cert, key, null, new Date(validTo - daysBeforeExpiry * DAY_MS));
    expect(at(31)).toMatchObject({ warning: null, daysLeft: 31 });
    expect(at(20)).toMatchObject({ warning: '30_days', daysLeft: 20 });
    expect(at(3)).toMatchObject({ warning: '7_days', daysLeft: 3 });
    expect(at(-1)).toMatchObject({ warning: 'expired', daysLeft: -1 });
  });

  it('reports a key that is not the certificate’s', async () => {
    const [one, other] = await Promise.all([generateSelfSigned(), generateSelfSigned()]);
    expect(describeCertificate(one.cert, other.key, null, new Date()).keyMatches).toBe(false);
    expect(describeCertificate(one.cert, 'garbage', null, new Date()).keyMatches).toBe(false);
  });
});
