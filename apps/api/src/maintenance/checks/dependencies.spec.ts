import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/harness.js';
import { checkDependencies, defaultSources } from './dependency.check.js';
import { findAtrioRoot, readLockfile, readSnapshot } from './dependencies.js';

const dirs: Array<() => void> = [];
afterEach(() => dirs.splice(0).forEach((remove) => remove()));

function files(lock: unknown, snapshot: unknown): { lockfile: string; snapshots: string[] } {
  const dir = tempDir('atrio-deps-');
  dirs.push(dir.remove);
  writeFileSync(join(dir.path, 'package-lock.json'), JSON.stringify(lock));
  writeFileSync(join(dir.path, 'snapshot.json'), JSON.stringify(snapshot));
  return { lockfile: join(dir.path, 'package-lock.json'), snapshots: [join(dir.path, 'snapshot.json')] };
}

const lock = {
  name: 'atrio',
  lockfileVersion: 3,
  packages: {
    '': { name: 'atrio', version: '0.1.0' },
    'node_modules/ws': { version: '8.16.0' },
    'node_modules/engine.io-client/node_modules/ws': { version: '8.17.1' },
    'node_modules/cookie': { version: '0.6.0' },
    'node_modules/braces': { version: '3.0.2', dev: true },
    'node_modules/linked': { link: true, resolved: 'libs/linked' },
  },
};

const advisory = (id: string, pkg: string, vulnerable: string, severity: string) => ({
  id,
  package: pkg,
  vulnerable,
  severity,
  title: `${pkg} problem`,
  fixedIn: null,
});

const snapshot = (advisories: unknown[]) => ({
  format: 'atrio-advisories/1',
  snapshotDate: '2026-01-01',
  source: 'test',
  advisories,
});

describe('the dependency check', () => {
  it('reports an installed version inside a vulnerable range, and fails on a high one', () => {
    const result = checkDependencies(
      files(lock, snapshot([advisory('GHSA-ws', 'ws', '>=8.0.0 <8.17.1', 'high')])),
    );
    expect(result.status).toBe('failed');
    expect(result.figures).toMatchObject({ packagesScanned: 4, hits: 1, high: 1, advisoriesKnown: 1 });
    expect(result.message.en).toContain('ws@8.16.0 high GHSA-ws');
    expect(result.message.en).not.toContain('8.17.1 high');
    expect(result.message.es).toContain('actualizarlo: ws@8.16.0, gravedad alta, GHSA-ws');
  });

  it('only warns for low and moderate advisories, and for development-only packages', () => {
    const result = checkDependencies(
      files(
        lock,
        snapshot([
          advisory('GHSA-cookie', 'cookie', '<0.7.0', 'low'),
          advisory('GHSA-braces', 'braces', '<3.0.3', 'critical'),
        ]),
      ),
    );
    expect(result.status).toBe('warning');
    expect(result.figures).toMatchObject({ hits: 2, low: 1, critical: 1 });
    expect(result.message.en).toContain('braces@3.0.2 (development only) critical');
    expect(result.message.es).toContain('2 avisos de seguridad');
    expect(result.message.es).toContain('braces@3.0.2 (solo de desarrollo), gravedad crítica');
  });

  it('is ok when no installed version is affected', () => {
    const result = checkDependencies(files(lock, snapshot([advisory('GHSA-old', 'ws', '<7.0.0', 'high')])));
    expect(result).toMatchObject({ status: 'ok', figures: { hits: 0 } });
  });

  it('refuses a snapshot that is not in the documented format', () => {
    const sources = files(lock, snapshot([advisory('GHSA-x', 'ws', 'not a range', 'high')]));
    expect(() => checkDependencies(sources)).toThrow(
      /not a valid advisory snapshot: advisories.0.vulnerable/,
    );
  });

  it('warns when there is no lockfile to read', () => {
    expect(checkDependencies({ lockfile: '/nonexistent/package-lock.json', snapshots: [] }).status).toBe(
      'warning',
    );
  });

  it('reads lockfile v1 nested dependencies too', () => {
    const sources = files(
      {
        lockfileVersion: 1,
        dependencies: { a: { version: '1.0.0', dependencies: { ws: { version: '8.0.0' } } } },
      },
      snapshot([]),
    );
    expect(readLockfile(sources.lockfile)).toEqual([
      { name: 'a', version: '1.0.0', path: 'node_modules/a', dev: false },
      { name: 'ws', version: '8.0.0', path: 'node_modules/a/node_modules/ws', dev: false },
    ]);
  });
});

describe('the real installation', () => {
  it('finds the project root, its lockfile and the bundled snapshot, which is valid', () => {
    const root = findAtrioRoot();
    expect(root).not.toBeNull();
    const sources = defaultSources('/nonexistent');
    expect(sources.lockfile).toBe(join(root!, 'package-lock.json'));
    expect(sources.snapshots).toHaveLength(1);
    expect(readSnapshot(sources.snapshots[0]!).advisories.length).toBeGreaterThan(10);
    const result = checkDependencies(sources);
    expect(result.figures.packagesScanned).toBeGreaterThan(100);
  });

  it('uses an administrator-supplied advisories.json in the data dir as well', () => {
    const dir = tempDir('atrio-data-');
    dirs.push(dir.remove);
    writeFileSync(join(dir.path, 'advisories.json'), JSON.stringify(snapshot([])));
    expect(defaultSources(dir.path).snapshots).toEqual([
      expect.stringMatching(/advisories\/snapshot\.json$/),
      join(dir.path, 'advisories.json'),
    ]);
  });
});
