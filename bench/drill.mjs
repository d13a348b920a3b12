#!/usr/bin/env node
// `npm run drill -- <name>…` runs each named fault drill (bench/drills/<name>.mjs) in turn, one
// process each; `all` runs every drill. A drill's last line is `PASS <name>` or
// `FAIL <name>: <why>`, and it exits 0 only on PASS; this command exits 0 only if all passed.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNamed } from './lib/run-named.mjs';

runNamed(join(dirname(fileURLToPath(import.meta.url)), 'drills'), process.argv.slice(2), 'all', 'drill');
