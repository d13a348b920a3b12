import { generate } from 'otplib';
import { Clock } from '../src/common/clock.js';
import type { TestServer } from './harness.js';

export const TOTP_STEP_MS = 30_000;

/** The code an authenticator shows `offsetSteps` steps from the SERVER's now (tests move its clock). */
export function totpAt(t: TestServer, secret: string, offsetSteps = 0): Promise<string> {
  const now = t.server.app.get(Clock).now().getTime();
  return generate({ secret, epoch: Math.floor((now + offsetSteps * TOTP_STEP_MS) / 1000) });
}

/** Six digits the server accepts in none of the steps it looks at (the previous, this, the next). */
export async function wrongTotp(t: TestServer, secret: string): Promise<string> {
  const valid = await Promise.all([-1, 0, 1].map((offset) => totpAt(t, secret, offset)));
  let n = Number(valid[1]);
  let code: string;
  do code = String(++n % 1_000_000).padStart(6, '0');
  while (valid.includes(code));
  return code;
}
