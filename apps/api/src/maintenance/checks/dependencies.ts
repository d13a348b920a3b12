import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';
import { z } from 'zod';

export const SEVERITIES = ['low', 'moderate', 'high', 'critical'] as const;

/** The format of advisories/snapshot.json (see advisories/README.md). */
export const advisorySnapshotSchema = z.object({
  format: z.literal('atrio-advisories/1'),
  snapshotDate: z.string(),
  source: z.string(),
  advisories: z.array(
    z.object({
      id: z.string().min(1),
      package: z.string().min(1),
      vulnerable: z.string().refine((range) => semver.validRange(range) !== null, 'not a semver range'),
      severity: z.enum(SEVERITIES),
      title: z.string(),
      fixedIn: z.string().nullable(),
      cve: z.string().optional(),
    }),
  ),
});
export type AdvisorySnapshot = z.infer<typeof advisorySnapshotSchema>;
export type Advisory = AdvisorySnapshot['advisories'][number];

export interface InstalledPackage {
  name: string;
  version: string;
  /** Where it sits in node_modules, e.g. `node_modules/a/node_modules/b`. */
  path: string;
  dev: boolean;
}

export interface AdvisoryHit {
  advisory: Advisory;
  installed: InstalledPackage;
}

/** The folder of Atrio's package.json, walking up from `start` (this file, in src or dist). */
export function findAtrioRoot(start = dirname(fileURLToPath(import.meta.url))): string | null {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === 'atrio') return dir;
      } catch {
        // an unreadable package.json is not ours; keep walking
      }
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Every installed package in a package-lock.json (lockfile v2/v3 `packages`, or v1 `dependencies`). */
export function readLockfile(path: string): InstalledPackage[] {
  const lock = JSON.parse(readFileSync(path, 'utf8')) as {
    packages?: Record<string, { version?: string; name?: string; dev?: boolean; link?: boolean }>;
    dependencies?: Record<string, V1Dependency>;
  };
  if (lock.packages) {
    return Object.entries(lock.packages).flatMap(([key, entry]) => {
      if (key === '' || entry.link || !entry.version || !key.includes('node_modules/')) return [];
      const name = entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
      return [{ name, version: entry.version, path: key, dev: entry.dev === true }];
    });
  }
  return flattenV1(lock.dependencies ?? {}, 'node_modules');
}

interface V1Dependency {
  version?: string;
  dev?: boolean;
  dependencies?: Record<string, V1Dependency>;
}

function flattenV1(dependencies: Record<string, V1Dependency>, prefix: string): InstalledPackage[] {
  return Object.entries(dependencies).flatMap(([name, entry]) => {
    const path = `${prefix}/${name}`;
    const own = entry.version ? [{ name, version: entry.version, path, dev: entry.dev === true }] : [];
    return [...own, ...flattenV1(entry.dependencies ?? {}, `${path}/node_modules`)];
  });
}

/** Reads and validates a snapshot file; throws with the file name and the first problem. */
export function readSnapshot(path: string): AdvisorySnapshot {
  const parsed = advisorySnapshotSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`${path} is not a valid advisory snapshot: ${issue.path.join('.')} ${issue.message}`);
  }
  return parsed.data;
}

/** Installed versions inside an advisory's vulnerable range (versions semver cannot read are skipped). */
export function matchAdvisories(installed: InstalledPackage[], advisories: Advisory[]): AdvisoryHit[] {
  return installed.flatMap((pkg) =>
    advisories
      .filter((advisory) => advisory.package === pkg.name)
      .filter((advisory) => semver.valid(pkg.version) && semver.satisfies(pkg.version, advisory.vulnerable))
      .map((advisory) => ({ advisory, installed: pkg })),
  );
}
