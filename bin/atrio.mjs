#!/usr/bin/env node
// The `atrio` command for scripts and cron (e.g. symlinked into /usr/local/bin): runs the built
// CLI from the install folder, where `npm start` reads its settings, as `npm run atrio` does.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist/apps/api/src/cli/main.js');
if (!existsSync(cli)) {
  console.error(`atrio: ${cli} is missing; build once with "npm run build:api" (npm start does it too)`);
  process.exit(5);
}
process.env.INIT_CWD ??= process.cwd(); // files named on the command line stay relative to here
process.chdir(root);
await import(pathToFileURL(cli).href);
