import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Clock } from '../../common/clock.js';
import { startTestServer, type TestServer } from '../../../test/harness.js';
import { CertificateRenewalCheck, CertificateValidityCheck } from './certificate.checks.js';

const DAY = 86_400_000;
let t: TestServer;

beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('the certificate checks on the served self-signed certificate (valid 365 days)', () => {
  it('pass while it is fresh, warn inside 30 days (renewal inside 60), fail inside 7 and once expired', async () => {
    const validity = t.server.app.get(CertificateValidityCheck);
    const renewal = t.server.app.get(CertificateRenewalCheck);
    const clock = t.server.app.get(Clock);
    expect(await validity.run()).toMatchObject({
      status: 'ok',
      figures: { keyMatches: true, chainValid: null },
    });
    expect((await renewal.run()).status).toBe('ok');

    clock.advance(320 * DAY);
    expect((await validity.run()).status).toBe('ok');
    expect(await renewal.run()).toMatchObject({
      status: 'warning',
      message: {
        en: expect.stringMatching(/atrio cert renew/),
        es: expect.stringMatching(/^Toca renovar: quedan \d+ días\..*«atrio cert renew»/),
      },
    });

    clock.advance(20 * DAY);
    expect(await validity.run()).toMatchObject({
      status: 'warning',
      message: {
        en: expect.stringMatching(/expires in 2\d day/),
        es: expect.stringMatching(/caduca en 2\d días/),
      },
    });

    clock.advance(20 * DAY);
    expect((await validity.run()).status).toBe('failed');
    expect((await renewal.run()).status).toBe('failed');

    clock.advance(10 * DAY);
    expect(await validity.run()).toMatchObject({
      status: 'failed',
      message: { en: expect.stringMatching(/expired/), es: expect.stringMatching(/caducó el/) },
    });
  });
});
