// Runs named scripts of one folder (bench/suites, bench/drills) one process each, in turn;
// `all` runs every one. Exits non-zero when any of them did.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

export function runNamed(folder, args, fallback, kind) {
  const known = readdirSync(folder)
    .filter((f) => f.endsWith('.mjs'))
    .map((f) => f.slice(0, -4))
    .sort();
  const asked = args.length === 0 ? [fallback] : args;
  const names = asked.includes('all') ? known : asked;
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    console.error(`unknown ${kind}: ${unknown.join(', ')}; known: ${known.join(', ')}, all`);
    process.exit(2);
  }
  const failed = [];
  for (const name of names) {
    console.log(`\n### ${kind} ${name}`);
    const { status } = spawnSync(process.execPath, [join(folder, `${name}.mjs`)], {
      stdio: 'inherit',
    });
    if (status !== 0) failed.push(name);
  }
  if (names.length > 1) {
    console.log(`\n${kind}s run: ${names.length}, failed: ${failed.length ? failed.join(', ') : 'none'}`);
  }
  process.exit(failed.length ? 1 : 0);
}
