import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Where the actions recorded in this async context come from, when it is not a request: the CLI
 * runs each command inside `withAuditOrigin({ via: 'cli', osUser })`, and every entry recorded
 * meanwhile carries it in its details, whichever service records it.
 */
const origin = new AsyncLocalStorage<Record<string, string>>();

export function withAuditOrigin<T>(details: Record<string, string>, work: () => T): T {
  return origin.run(details, work);
}

export function currentAuditOrigin(): Record<string, string> | undefined {
  return origin.getStore();
}
