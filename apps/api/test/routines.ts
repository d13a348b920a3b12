import type { RoutineItemResult, RoutineKind, RoutineRun } from '@atrio/protocol';
import { expect } from 'vitest';
import { api } from './factories.js';
import type { TestServer } from './harness.js';

/** Thresholds no test machine can miss, so a busy CI box never fails the headroom check. */
export const PERMISSIVE_THRESHOLDS = {
  cpuLoadWarn: 1000,
  cpuLoadFail: 1000,
  memoryFreeWarnPercent: 0,
  memoryFreeFailPercent: 0,
  diskFreeWarnPercent: 0,
  diskFreeFailPercent: 0,
};

export async function setSetting(t: TestServer, token: string, key: string, value: unknown): Promise<void> {
  const response = await api(t, token, 'PUT', `/api/admin/settings/${key}`, { value });
  expect(response.status, response.text).toBe(200);
}

export async function runRoutine(t: TestServer, token: string, kind: RoutineKind): Promise<RoutineRun> {
  const response = await api(t, token, 'POST', '/api/admin/routines/runs', { kind });
  expect(response.status, response.text).toBe(201);
  return response.json<RoutineRun>();
}

export function item(run: RoutineRun, itemId: string): RoutineItemResult {
  const found = run.items.find((i) => i.itemId === itemId);
  if (!found) throw new Error(`run ${run.id} has no item ${itemId}`);
  return found;
}

/** The value of the maintenance alert gauge for a routine, as /metrics exposes it. */
export async function alertGauge(t: TestServer, token: string, kind: RoutineKind): Promise<number | null> {
  const response = await api(t, token, 'GET', '/metrics');
  expect(response.status, response.text).toBe(200);
  const match = new RegExp(`^atrio_maintenance_alert\\{routine="${kind}"\\} (\\d+)$`, 'm').exec(
    response.text,
  );
  return match ? Number(match[1]) : null;
}
