#!/usr/bin/env node
// Makes a fresh clone runnable: installs dependencies from the lockfile and rebuilds whatever is
// missing or older than its sources. `npm start` and `npm test` run it first, so nothing else is
// needed on a new machine. Plain Node on purpose: it runs before node_modules exists.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const depsOnly = process.argv.includes('--deps-only');

const TARGETS = [
  {
    name: 'server',
    script: 'build:api',
    stamp: 'dist/.build-hash',
    inputs: [
      'apps/api/src',
      'libs',
      'tsconfig.json',
      'apps/api/tsconfig.app.json',
      'nest-cli.json',
      'package-lock.json',
    ],
  },
  {
    name: 'console',
    script: 'build:console',
    stamp: 'apps/console/dist/.build-hash',
    inputs: [
      'apps/console/src',
      'apps/console/index.html',
      'apps/console/vite.config.ts',
      'libs',
      'package-lock.json',
    ],
  },
  {
    name: 'chat client',
    script: 'build:chat',
    stamp: 'apps/chat-web/dist/.build-hash',
    inputs: [
      'apps/chat-web/src',
      'apps/chat-web/index.html',
      'apps/chat-web/vite.config.ts',
      'apps/chat-web/bundle-size.ts',
      'libs',
      'package-lock.json',
    ],
  },
];

function run(command, args) {
  // stdout stays clean for the program that runs after us (`npm run -s atrio -- … --json`).
  const result = spawnSync(command, args, { cwd: root, stdio: ['inherit', 2, 2] });
  if (result.status !== 0) {
    console.error(`atrio: "${command} ${args.join(' ')}" failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

function hashOf(paths) {
  const hash = createHash('sha256');
  const visit = (path) => {
    const full = join(root, path);
    if (!existsSync(full)) return;
    if (statSync(full).isDirectory()) {
      for (const entry of readdirSync(full).sort()) {
        if (entry === 'node_modules' || entry === 'dist') continue;
        visit(join(path, entry));
      }
      return;
    }
    hash.update(relative(root, full)).update('\0').update(readFileSync(full)).update('\0');
  };
  paths.forEach(visit);
  return hash.digest('hex');
}

function readStamp(path) {
  const full = join(root, path);
  return existsSync(full) ? readFileSync(full, 'utf8').trim() : '';
}

function writeStamp(path, value) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), `${value}\n`);
}

// Only what decides the installed tree counts: editing a script must not reinstall everything.
function dependencyHash() {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const fields = ['dependencies', 'devDependencies', 'optionalDependencies', 'overrides', 'allowScripts'];
  return createHash('sha256')
    .update(JSON.stringify(fields.map((field) => pkg[field] ?? null)))
    .update(readFileSync(join(root, 'package-lock.json')))
    .digest('hex');
}

/** One install at a time, even when several commands (or people) start at once. */
function withInstallLock(work) {
  const lock = join(root, '.atrio-install.lock');
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      break;
    } catch {
      if (Date.now() > deadline) {
        console.error(
          `atrio: another install has held ${lock} for 15 minutes; remove it if no install is running`,
        );
        process.exit(1);
      }
      spawnSync('sleep', ['2']);
    }
  }
  try {
    work();
  } finally {
    rmSync(lock, { force: true });
  }
}

const DEPS_STAMP = 'node_modules/.atrio-lock-hash';
if (readStamp(DEPS_STAMP) !== dependencyHash()) {
  withInstallLock(() => {
    if (readStamp(DEPS_STAMP) === dependencyHash()) return; // installed while we waited
    console.error('atrio: installing dependencies from package-lock.json (first run takes a few minutes)…');
    run('npm', ['ci', '--no-audit', '--no-fund']);
    writeStamp(DEPS_STAMP, dependencyHash());
  });
}
if (depsOnly) process.exit(0);

for (const target of TARGETS) {
  const current = hashOf(target.inputs);
  if (readStamp(target.stamp) === current) continue;
  console.error(`atrio: building the ${target.name}…`);
  run('npm', ['run', '-s', target.script]);
  writeStamp(target.stamp, current);
}
