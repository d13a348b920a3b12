import { Inject, Injectable } from '@nestjs/common';
import type { CheckStatus } from '@atrio/protocol';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ATRIO_CONFIG, type AtrioConfig } from '../../config/atrio-config.js';
import {
  type Advisory,
  type AdvisoryHit,
  findAtrioRoot,
  matchAdvisories,
  readLockfile,
  readSnapshot,
} from './dependencies.js';
import type { CheckResult, RoutineCheck } from './routine-check.js';

const SNAPSHOT_IN_SOURCE = 'apps/api/src/maintenance/advisories/snapshot.json';

/** Where to look; tests point these at a fake lockfile and snapshot. */
export interface DependencySources {
  lockfile: string | null;
  snapshots: string[];
}

/**
 * §8.2 "Actualización de dependencias": which installed packages have a known advisory and need
 * an update. `npm audit` is unreachable on a LAN-only server, so a bundled snapshot is the source.
 */
@Injectable()
export class DependencyCheck implements RoutineCheck {
  readonly id = 'dependencies.advisories';

  constructor(@Inject(ATRIO_CONFIG) private readonly config: Pick<AtrioConfig, 'dataDir'>) {}

  run(): Promise<CheckResult> {
    return Promise.resolve(checkDependencies(defaultSources(this.config.dataDir)));
  }
}

export function defaultSources(dataDir: string): DependencySources {
  const root = findAtrioRoot();
  const beside = join(dirname(fileURLToPath(import.meta.url)), '../advisories/snapshot.json');
  const bundled = existsSync(beside) ? beside : root && join(root, SNAPSHOT_IN_SOURCE);
  const local = join(dataDir, 'advisories.json');
  return {
    lockfile: root && join(root, 'package-lock.json'),
    snapshots: [bundled, existsSync(local) ? local : null].filter((p): p is string => p !== null),
  };
}

export function checkDependencies(sources: DependencySources): CheckResult {
  if (!sources.lockfile || !existsSync(sources.lockfile)) {
    return {
      status: 'warning',
      message: {
        en: 'package-lock.json was not found next to the installation, so dependencies cannot be checked.',
        es: 'No se encontró package-lock.json junto a la instalación, así que no se pueden comprobar las dependencias.',
      },
      figures: { lockfile: sources.lockfile },
    };
  }
  const byId = new Map<string, Advisory>();
  const dates: string[] = [];
  for (const path of sources.snapshots) {
    const snapshot = readSnapshot(path);
    dates.push(snapshot.snapshotDate);
    for (const advisory of snapshot.advisories) byId.set(advisory.id, advisory);
  }
  const installed = readLockfile(sources.lockfile);
  const hits = matchAdvisories(installed, [...byId.values()]);
  const count = (severity: string) => hits.filter((h) => h.advisory.severity === severity).length;
  const figures = {
    packagesScanned: installed.length,
    advisoriesKnown: byId.size,
    snapshotDate: dates.sort().at(-1) ?? null,
    hits: hits.length,
    critical: count('critical'),
    high: count('high'),
    moderate: count('moderate'),
    low: count('low'),
  };
  if (hits.length === 0) {
    return {
      status: 'ok',
      message: {
        en: `No installed package matches a known advisory (${installed.length} packages, snapshot of ${figures.snapshotDate}).`,
        es: `Ningún paquete instalado coincide con un aviso de seguridad conocido (${installed.length} paquetes, avisos a fecha de ${figures.snapshotDate}).`,
      },
      figures,
    };
  }
  const status = hits
    .map(statusOf)
    .reduce<CheckStatus>((a, b) => (a === 'failed' || b === 'failed' ? 'failed' : 'warning'), 'warning');
  return {
    status,
    message: {
      en: `${hits.length} advisory hit(s); update these packages: ${hits.map(describeHit).join('; ')}.`,
      es:
        hits.length === 1
          ? `Un aviso de seguridad afecta a un paquete instalado; actualizarlo: ${describeHitEs(hits[0]!)}.`
          : `${hits.length} avisos de seguridad afectan a paquetes instalados; actualizar estos paquetes: ${hits.map(describeHitEs).join('; ')}.`,
    },
    figures,
  };
}

/** A high or critical advisory fails the check, unless the package is only installed for development. */
function statusOf(hit: AdvisoryHit): CheckStatus {
  const serious = hit.advisory.severity === 'high' || hit.advisory.severity === 'critical';
  return serious && !hit.installed.dev ? 'failed' : 'warning';
}

function describeHit({ advisory, installed }: AdvisoryHit): string {
  const fixed = advisory.fixedIn ? `, fixed in ${advisory.fixedIn}` : ', no fixed version yet';
  const dev = installed.dev ? ' (development only)' : '';
  return `${installed.name}@${installed.version}${dev} ${advisory.severity} ${advisory.id} "${advisory.title}"${fixed}`;
}

const SEVERITY_ES: Record<Advisory['severity'], string> = {
  critical: 'crítica',
  high: 'alta',
  moderate: 'moderada',
  low: 'baja',
};

function describeHitEs({ advisory, installed }: AdvisoryHit): string {
  const fixed = advisory.fixedIn ? `, corregido en ${advisory.fixedIn}` : ', aún sin versión corregida';
  const dev = installed.dev ? ' (solo de desarrollo)' : '';
  return `${installed.name}@${installed.version}${dev}, gravedad ${SEVERITY_ES[advisory.severity]}, ${advisory.id} «${advisory.title}»${fixed}`;
}
